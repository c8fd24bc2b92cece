package build

import "github.com/burk-tui/burk/internal/i18n"

func init() {
	texts[i18n.Swedish] = map[string]text{
		"process": {
			Todo: "i child: bli kommandot (syscall.Exec); i run: avsluta med barnprocessens slutstatus",
			Task: `run startar redan programmet igen som child, med samma stdin, stdout och stderr. Låt child bli kommandot: hitta det med exec.LookPath och anropa syscall.Exec, så att kommandot är själva barnprocessen och inte ett barn till den (från steget med PID-namespace måste det vara containerns första process). Låt sedan run avsluta med kommandots slutstatus, eller med 128 plus signalens nummer när en signal dödade det, så som ett skal rapporterar det. Inget är isolerat än.`,
			Hints: []string{
				"syscall.Exec(path, args, os.Environ()) återvänder inte när det lyckas: execve(2) byter ut programmet, och processen behåller sitt PID och varje öppen fil som inte är markerad close-on-exec, bland dem stdin och stdout.",
				"cmd.Wait returnerar ett *exec.ExitError för ett kommando som inte avslutades med 0: errors.As hittar det, och ExitCode() är statusen.",
				"Ett kommando som dödats av en signal har ingen slutstatus: ExitCode() är -1. Dess syscall.WaitStatus (exit.Sys()) svarar på Signaled() och Signal().",
			},
		},
		"chroot": {
			Todo: "byt rot till rootfs (chroot) och byt sedan katalog till den nya /",
			Task: `Anropa chroot(2) med rootfs före exec, och sedan chdir("/"): chroot ändrar vart / leder, inte arbetskatalogen, som annars blir kvar utanför den nya roten. Från det här steget ger burk run kommandot med dess sökväg inuti rootfs, så det hittas först när roten är bytt. burk lägger också en fil på värden, utanför rootfs, och kontrollerar att kommandot inte kan läsa den.`,
			Hints: []string{
				"unix.Chroot(rootfs), sedan os.Chdir(\"/\"). chroot kräver CAP_SYS_CHROOT: kör runtimen som root.",
				"Slå upp kommandot efter chroot: exec.LookPath söker i PATH från den nya roten.",
				"chroot är ingen mur: en process som kör som root inuti kan göra chroot till en underkatalog och klättra ut med .. – utbrytningen som burk provar i det här steget lyckas. Steg 13, pivot_root, stänger den vägen.",
			},
		},
		"proc": {
			Todo: "montera ett nytt proc-filsystem på rotfilsystemets proc-katalog, innan roten byts",
			Task: `ps läser /proc, som är tom i rotfilsystemet. Montera ett nytt proc-filsystem på rotfilsystemets proc-katalog, innan roten byts: mount("proc", filepath.Join(rootfs, "proc"), "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, ""). Utan mount-namespace hamnar monteringen i värdens monteringstabell, så värden ser den medan containern körs; och utan PID-namespace listar ps inuti alla processer på värden. Låt monteringen vara: burk tar bort den när containern är slut, och säger det.`,
			Hints: []string{
				"Varför före chroot: från steg 9, i ett user-namespace, tillåter kärnan en ny proc-montering bara så länge en proc redan syns helt i mount-namespacet (kärnans kontroll mount_too_revealing: mount(2) misslyckas med EPERM), och pivot_root tar bort värdens. Monterad före följer den med rootfs.",
				"Flaggorna är de som runtimes ger proc: inga setuid-bitar eller fil-capabilities därifrån, inga enhetsfiler, inget körs därifrån.",
			},
		},
		"mount-ns": {
			Todo: "klona barnet i ett nytt mount-namespace (CLONE_NEWNS), och gör / privat, rekursivt, i child",
			Task: `Lägg till CLONE_NEWNS bland barnets clone-flaggor: barnet får en kopia av värdens monteringstabell. En kopia räcker inte: en montering under en delad montering sprids till de andra i dess peer-grupp (mount_namespaces(7)), och katalogen burk ger run är delad. Det första child gör är därför att ändra propageringen för / och allt under den till privat: mount("", "/", "", MS_REC|MS_PRIVATE, ""). Då stannar proc-monteringen i containern: burk kontrollerar att värdens monteringstabell inte får någon proc-montering under rootfs medan den körs.`,
			Hints: []string{
				"cmd.SysProcAttr.Cloneflags |= syscall.CLONE_NEWNS",
				`unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, "") ändrar bara hur / och varje montering under den sprids; källa, typ och data ignoreras.`,
				"Gör / privat innan du monterar proc: en montering som görs medan / fortfarande är delad har redan spridits.",
			},
		},
		"pid-ns": {
			Todo: "klona barnet i ett nytt PID-namespace (CLONE_NEWPID)",
			Task: `Lägg till CLONE_NEWPID. Barnet är då PID 1 i ett nytt PID-namespace, och eftersom det blir kommandot är kommandot PID 1. Proc-filsystemet det monterar visar bara namespacets processer. burk kontrollerar från värden att samma process har ett annat PID där, och att raden NSpid i dess /proc/PID/status slutar på 1.`,
			Hints: []string{
				"Ett proc-filsystem visar PID-namespacet hos processen som monterade det: monteringen måste göras inifrån, som child gör.",
				"PID 1 i ett namespace får inga signaler som den saknar hanterare för, varken inifrån eller från värden, utom SIGKILL och SIGSTOP som skickas från värden (pid_namespaces(7)); när den avslutas dödar kärnan alla andra processer i namespacet.",
			},
		},
		"uts-ns": {
			Todo: "klona barnet i ett nytt UTS-namespace (CLONE_NEWUTS), och sätt värdnamnet till burk i child",
			Task: `Lägg till CLONE_NEWUTS, och anropa sethostname(2) med "burk" i child. burk kontrollerar att värdnamnet inuti är burk och att värdens inte ändrades. En runtime som sätter värdnamnet utan namespacet ändrar värdens: burk säger det, och sätter tillbaka det.`,
			Hints: []string{
				`unix.Sethostname([]byte("burk"))`,
			},
		},
		"ipc-ns": {
			Todo: "klona barnet i ett nytt IPC-namespace (CLONE_NEWIPC)",
			Task: `Lägg till CLONE_NEWIPC. System V-meddelandeköer, semaforer och delat minne, och POSIX-meddelandeköer, blir då containerns egna. burk skapar en meddelandekö på värden och kontrollerar att ipcs -q inuti inte listar den.`,
			Hints: []string{
				"Inget mer att göra: ett nytt IPC-namespace börjar tomt (ipc_namespaces(7)).",
			},
		},
		"net-ns": {
			Todo: "klona barnet i ett nytt nätverks-namespace (CLONE_NEWNET)",
			Task: `Lägg till CLONE_NEWNET. Ett nytt nätverks-namespace har en loopback-enhet, nere, och inget annat: värdens gränssnitt finns inte där. burk kontrollerar att ip link inuti bara listar lo (och de reservtunnlar som vissa moduler lägger i varje nätverks-namespace medan de är laddade).`,
			Hints: []string{
				"Gränssnittet lo aktiveras med en netlink-begäran (RTM_NEWLINK, den som ip link set lo up skickar) eller med ioctl(SIOCSIFFLAGS) som sätter IFF_UP, som lektionen om nätverks-namespace visar; burk kontrollerar det inte här.",
			},
		},
		"user-ns": {
			Todo: "klona barnet i ett nytt user-namespace (CLONE_NEWUSER): root inuti är uid och gid 100000 utanför, 65536 id:n",
			Task: `Lägg till CLONE_NEWUSER, med UidMappings och GidMappings {ContainerID: 0, HostID: 100000, Size: 65536}, och Credential{Uid: 0, Gid: 0, NoSetGroups: true}, så att barnet är root inuti. burk kontrollerar att id inuti säger uid 0, och att samma process är uid 100000 på värden. Filer som värdens root äger ägs av nobody inuti: rootfs och runtimen måste gå att läsa och köra för andra.`,
			Hints: []string{
				"Go skriver /proc/PID/uid_map och gid_map medan barnet väntar. Före gid_map skriver det deny till /proc/PID/setgroups, som user_namespaces(7) kräver av en oprivilegierad skrivare: barnet får alltså inte anropa setgroups, därav NoSetGroups.",
				"Utan Credential behåller barnet värdens uid 0, som inte finns i mappningen: inuti syns det som 65534, overflow-uid:t.",
				"De namespaces som klonas tillsammans med CLONE_NEWUSER tillhör det nya user-namespacet, så root inuti får ändå montera proc och sätta värdnamnet.",
			},
		},
		"cgroups": {
			Todo: "lägg barnet i en ny cgroup burk-build-<run:s PID> med gränser för minne, processer och CPU innan det kör kommandot; ta bort den när barnet har avslutats",
			Task: `Skapa en cgroup som heter burk-build- följt av run:s PID, högst upp i cgroup-trädet. På cgroup v2: /sys/fs/cgroup/NAMN med memory.max 16777216, pids.max 24 och cpu.max "20000 100000". På v1: en katalog med det namnet i hierarkierna memory, pids och cpu, med memory.limit_in_bytes 16777216, pids.max 24, cpu.cfs_period_us 100000 och cpu.cfs_quota_us 20000. Skriv barnets PID till cgroup.procs innan det kör kommandot: ge det läsänden av en pipe, och låt det vänta på filslut. Ta bort cgroupen när barnet har avslutats. burk kör en minnesslukare, en fork-loop och en loop som bara snurrar inuti, och kontrollerar i din cgroups filer att varje gräns hölls.`,
			Hints: []string{
				`På v2 har en cgroup bara de controllers som föräldern listar i cgroup.subtree_control: skriv "+memory +pids +cpu" till /sys/fs/cgroup/cgroup.subtree_control (cgroups(7)).`,
				`cmd.ExtraFiles = []*os.File{r} ger barnet pipens läsände som fd 3. Stäng båda ändarna i run efter att du skrivit cgroup.procs; då återvänder io.Copy(io.Discard, os.NewFile(3, "wait")) i child.`,
				"En cgroup tas bort med rmdir(2), och först när ingen process finns kvar i den: efter cmd.Wait.",
			},
		},
		"cgroup-ns": {
			Todo: "i child, när barnet är i sin cgroup: unshare ett nytt cgroup-namespace (CLONE_NEWCGROUP)",
			Task: `Ett nytt cgroup-namespace tar den cgroup som skaparen är i just då som roten för det den ser. Skapa det därför i child när det har väntat på run:s pipe, när barnet är i sin cgroup: unshare(CLONE_NEWCGROUP). burk kontrollerar att /proc/self/cgroup inuti visar / utan din cgroups namn, medan värden ser hela sökvägen, och att ett cgroup-filsystem som monteras inuti har din cgroup som rot.`,
			Hints: []string{
				"Ett namespace som skapas med unshare(2) hör till den anropande tråden: anropa runtime.LockOSThread() före, och gör exec från samma tråd.",
				"Bland clone-flaggorna skulle namespacet få sin rot där run är, inte i den cgroup som barnet flyttas till efteråt.",
			},
		},
		"time-ns": {
			Todo: "i run, innan barnet startas: unshare ett nytt time-namespace åt det, med klockorna 100 dagar före",
			Task: `unshare(2) med CLONE_NEWTIME skapar ett time-namespace för den anropande trådens barn, inte för tråden själv, och dess förskjutningar kan bara skrivas innan någon process är i det. Så i run: runtime.LockOSThread(), unshare(CLONE_NEWTIME), skriv "monotonic 8640000 0" och "boottime 8640000 0" till /proc/TID/timens_offsets, där TID är trådens eget id (unix.Gettid()), och starta sedan barnet från samma tråd. burk kontrollerar att upptiden inuti ligger 100 dagar före värdens, och att väggklockan inte gör det.`,
			Hints: []string{
				"Förskjutningarna hör till tråden som anropade unshare: /proc/self är trådgruppsledarens, och /proc/thread-self har ingen timens_offsets, men /proc/TID/timens_offsets är trådens (time_namespaces(7)).",
				"CLONE_NEWTIME:s värde ligger i den byte som clone(2) läser som den signal föräldern får när barnet avslutas, så flaggan kan inte ges till ett vanligt clone: unshare tar den.",
				"8640000 sekunder är 100 dagar. CLOCK_REALTIME har ingen förskjutning: inget namespace flyttar väggklockan.",
			},
		},
		"pivot-root": {
			Todo: "i stället för chroot: bind-montera rootfs på sig själv, gör pivot_root in i den och koppla loss den gamla roten",
			Task: `chroot ändrar bara vart / leder: en process som kör som root kan göra chroot igen och klättra ut med .. (utbrytningen som burk provade i steg 2). pivot_root(2) flyttar själva rotmonteringen, så att den gamla roten kan avmonteras och är borta. Den nya roten måste vara en monteringspunkt: bind-montera rootfs på sig själv (MS_BIND|MS_REC). Byt sedan katalog in i den, gör pivot_root(".", ".") och avmontera "." med MNT_DETACH: pivot_root flyttade den gamla roten till put_old, här ".", så den ligger staplad ovanpå den nya roten på /, och avmonteringen tar bort den (pivot_root(2), NOTES). Ta bort chroot. burk kontrollerar att samma utbrytning nu slutar i containerns egen /.`,
			Hints: []string{
				`pivot_root(".", ".") står i anmärkningarna i pivot_root(2): den gamla roten hamnar monterad ovanpå den nya, på /, och umount2(".", MNT_DETACH) tar bort den.`,
				"pivot_root misslyckas med EINVAL när den nya roten inte är en monteringspunkt, eller när den eller dess föräldramontering är delad (pivot_root(2), ERRORS): det kräver mount-namespacet och den privata / från steg 4.",
			},
		},
		"hardening": {
			Todo: "ta bort alla capabilities utom de behållna ur bounding-mängden, töm inheritable-mängden och sätt no_new_privs",
			Task: `Root i ett user-namespace har fortfarande alla capabilities där. Före exec: ta bort alla capabilities ur bounding-mängden (prctl PR_CAPBSET_DROP) utom CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT och CAP_AUDIT_WRITE; töm inheritable-mängden (capset); och sätt no_new_privs (prctl PR_SET_NO_NEW_PRIVS). Vid execve, med inheritable-mängden tom, blir roots nya permitted- och effective-mängder dess bounding-mängd (capabilities(7)). burk kontrollerar CapEff, CapInh och NoNewPrivs i /proc/self/status inuti, och att det nekas att sätta värdnamnet. Rundturens påstående att inits binär är förseglad kontrolleras inte: det gäller burks egen init.`,
			Hints: []string{
				"PR_CAPBSET_DROP kräver CAP_SETPCAP, som du behåller, och misslyckas med EINVAL för en capability som kärnan inte känner till: loopa upp till unix.CAP_LAST_CAP och låt EINVAL passera.",
				"unix.Capget och unix.Capset med LINUX_CAPABILITY_VERSION_3 tar två CapUserData: capabilities 0–31, sedan 32–63. Sätt Inheritable till 0 i båda.",
				"no_new_privs ärvs av barn, behålls över execve och kan inte slås av (prctl(2)).",
			},
		},
	}
}
