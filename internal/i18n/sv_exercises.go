package i18n

// The Swedish of the exercises: each task, and what its check saw.
func init() {
	extend(sv, map[string]string{
		"Nothing is isolated yet. Find the PID of this container's init, the process that started your shell, and name the container after it: pid<that PID>, e.g. hostname pid4321. With no UTS namespace the host is renamed too; burk puts its name back when the container closes.": "Ingenting är isolerat än. Ta reda på vilket PID containerns init har – processen som startade ditt skal – och döp containern efter det: pid<det PID:t>, t.ex. hostname pid4321. Utan ett UTS-namespace byter värden namn också; burk återställer namnet när containern stängs.",
		"the container is named %q, the host %q; the container's init is PID %d": "containern heter %q, värden %q; containerns init har PID %d",

		"Without a mount namespace, the container's mounts are the host's. Mount a tmpfs anywhere in the container, and find it in the host's mount table: under which path is it listed there?": "Utan ett mount-namespace är containerns monteringar värdens. Montera ett tmpfs var som helst i containern och hitta den i värdens monteringstabell: under vilken sökväg står den där?",
		"Mount a tmpfs anywhere in the container, and check that the host's mount table does not have it this time. What makes the difference?":                                                  "Montera ett tmpfs var som helst i containern och kontrollera att värdens monteringstabell nu saknar den. Vad är det som gör skillnaden?",

		"ps fails in here. Make it work without leaving the chroot, then look for what you did in the host's mount table.": "ps fungerar inte här inne. Få det att fungera utan att lämna chrooten, och leta sedan efter det du gjorde i värdens monteringstabell.",

		"burk named the container burk, and the host kept its own name. A UTS namespace holds one more name: find out which (uts_namespaces(7) names both), give it a value in the container, and see that the host's stays as it was.": "burk döpte containern till burk, och värden behöll sitt namn. Ett UTS-namespace rymmer ett namn till: ta reda på vilket (uts_namespaces(7) nämner båda), ge det ett värde i containern och kontrollera att värdens förblir som det var.",
		"the container's NIS domain name is %q; the host's is %q, before the command %q": "containerns NIS-domännamn är %q; värdens är %q, före kommandot %q",

		"Make a System V message queue with a key in here (ipcs lists them; which tool makes one?), and name the container after the queue's key as ipcs -q shows it, e.g. hostname 0x1a2b3c4d. Does the host have a queue with that key?": "Skapa en System V-meddelandekö med en nyckel här inne (ipcs listar dem; vilket verktyg skapar en?) och döp containern efter köns nyckel så som ipcs -q visar den, t.ex. hostname 0x1a2b3c4d. Har värden en kö med den nyckeln?",
		"the keys of the queues inside: %v; the container is named %q; the host's queues have the keys %v":                                                                                                                                 "nycklarna till köerna inuti: %v; containern heter %q; värdens köer har nycklarna %v",

		"burk brought the container's loopback up. Cut the container off from itself, so that nothing in it can reach 127.0.0.1, while the host's loopback stays up.": "burk aktiverade containerns loopback (lo). Skär av containern från sig själv, så att ingenting i den kan nå 127.0.0.1, medan värdens loopback förblir aktiv.",
		"127.0.0.1 from inside: %s; the container's lo has the flags <%s>, and the address 127.0.0.1: %s; the host's lo is up: %s":                                    "127.0.0.1 inifrån: %s; containerns lo har flaggorna <%s> och adressen 127.0.0.1: %s; värdens lo är aktiv: %s",
		"reached":         "gick att nå",
		"not reached: %s": "gick inte att nå: %s",
		"the container could not try 127.0.0.1: %s": "containern kunde inte försöka nå 127.0.0.1: %s",
		"the container is named %q: a queue made with IPC_PRIVATE has the key 0, and every such queue shares it, the host's too; make one with a key, as ipcmk does": "containern heter %q: en kö som skapas med IPC_PRIVATE har nyckeln 0, och alla sådana köer delar på den, även värdens; skapa en med en nyckel, som ipcmk gör",

		"This container may run only so many processes (and threads) at once (the tour's cgroup limits view says how many). Start more than that, and see the host's pids.events count the forks it refused.": "Containern får bara köra ett visst antal processer (och trådar) samtidigt (vyn cgroup-gränser i rundturen säger hur många). Starta fler än så och se hur värdens pids.events räknar de fork-anrop som nekades.",

		"How much memory may this container use? Find its memory limit from inside: mount its cgroup filesystem (cgroup2, or cgroup v1's memory hierarchy on an older host), find your shell's cgroup in it (/proc/self/cgroup says where), and read the limit. Name the container mem<the limit in bytes>, e.g. hostname mem1234.": "Hur mycket minne får containern använda? Ta reda på minnesgränsen inifrån: montera dess cgroup-filsystem (cgroup2, eller cgroup v1:s memory-hierarki på en äldre värd), hitta ditt skals cgroup i det (/proc/self/cgroup säger var) och läs gränsen. Döp containern till mem<gränsen i byte>, t.ex. hostname mem1234.",
		"the container's hostname is %q; the host reads no memory limit for it":          "containerns värdnamn är %q; värden hittar ingen minnesgräns för den",
		"the container's hostname is %q; the host's %s says %s":                          "containerns värdnamn är %q; värdens %s säger %s",
		"the container's hostname is %q, not mem followed by the limit in the host's %s": "containerns värdnamn är %q, inte mem följt av gränsen i värdens %s",

		"After pivot_root the container's / is a mount of its own. Make it read-only for the container, while the host's / stays writable.": "Efter pivot_root är containerns / en egen montering. Gör den skrivskyddad för containern, medan värdens / förblir skrivbar.",

		"Root in here lacks capabilities that burk has on the host. The privileges view names the five that matter most; find another one the container lacks (capabilities(7) lists them all) and write its name to %s, e.g. echo cap_xyz > %s.": "Root här inne saknar capabilities som burk har på värden. Vyn privilegier nämner de fem viktigaste; hitta en annan som containern saknar (capabilities(7) listar alla) och skriv dess namn till %s, t.ex. echo cap_xyz > %s.",
		// How an exercise came out, where the check saw nothing of it done.
		"not done yet; seen: %s":                 "inte gjord än; sett: %s",
		"tried, and this is what was seen: %s":   "prövad, och det här sågs: %s",
		"Exercises in the recorded tour":         "Övningarna i den inspelade rundturen",
		"· not done yet in the tour's shell, %s": "· inte gjord än i rundturens skal, %s",

		"%s is empty or missing":                                                   "%s är tom eller saknas",
		"%s says %q: capabilities(7) has no capability by that name":               "%s säger %q: capabilities(7) har ingen capability med det namnet",
		"%s says %s, and a process in the container has it":                        "%s säger %s, och en process i containern har den",
		"%s says %s, and burk on the host lacks it too":                            "%s säger %s, och burk på värden saknar den också",
		"%s says %s, which the privileges view names already: find another":        "%s säger %s, som vyn privilegier redan nämner: hitta en annan",
		"%s says %s: burk on the host has it, a process in the container does not": "%s säger %s: burk på värden har den, en process i containern har den inte",
	})
}
