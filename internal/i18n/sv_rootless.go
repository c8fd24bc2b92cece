package i18n

// The rootless lab's texts in Swedish: the notice a learner without root
// gets, what burk doctor says of what an ordinary user may do here, and
// the claims the lab skips.

func init() {
	extend(sv, map[string]string{
		"burk: you are not root, so the tour runs in a rootless lab (a user namespace where you are root);\n      what differs is shown at each step. sudo gives the full tour. burk doctor says what this machine allows.": "burk: du är inte root, så rundturen körs i ett labb utan root (ett user-namespace där du är root);\n      det som skiljer sig visas vid varje steg. Med sudo får du hela rundturen. burk doctor säger vad den här datorn tillåter.",
		"the lab's user namespace was made, but without capabilities in it (CapEff has no CAP_SYS_ADMIN)":                                                                                                                   "labbets user-namespace skapades, men utan capabilities i det (CapEff saknar CAP_SYS_ADMIN)",
		"%s; AppArmor denies them: %s": "%s; AppArmor nekar dem: %s",
		"see burk doctor":              "se burk doctor",
		"user.max_user_namespaces = %s (how many user namespaces each user may make)":                                                                                        "user.max_user_namespaces = %s (hur många user-namespaces varje användare får skapa)",
		"sudo sysctl -w user.max_user_namespaces=15000 (for good: echo user.max_user_namespaces=15000 | sudo tee /etc/sysctl.d/50-burk.conf), or run burk with sudo":         "sudo sysctl -w user.max_user_namespaces=15000 (permanent: echo user.max_user_namespaces=15000 | sudo tee /etc/sysctl.d/50-burk.conf), eller kör burk med sudo",
		"kernel.unprivileged_userns_clone = %s (0: only root may make a user namespace)":                                                                                     "kernel.unprivileged_userns_clone = %s (0: bara root får skapa ett user-namespace)",
		"sudo sysctl -w kernel.unprivileged_userns_clone=1 (for good: echo kernel.unprivileged_userns_clone=1 | sudo tee /etc/sysctl.d/50-burk.conf), or run burk with sudo": "sudo sysctl -w kernel.unprivileged_userns_clone=1 (permanent: echo kernel.unprivileged_userns_clone=1 | sudo tee /etc/sysctl.d/50-burk.conf), eller kör burk med sudo",
		"kernel.apparmor_restrict_unprivileged_userns = %s (1: a user namespace is made, but every capability in it is denied, unless a profile allows userns)":              "kernel.apparmor_restrict_unprivileged_userns = %s (1: ett user-namespace skapas, men varje capability i det nekas, om inte en profil tillåter userns)",
		"%s; burk runs under the AppArmor profile %s": "%s; burk körs under AppArmor-profilen %s",
		"either sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (every program, until reboot), or allow burk alone: put\n%s\nin /etc/apparmor.d/burk and run sudo apparmor_parser -r /etc/apparmor.d/burk (a profile names one path: go run builds burk somewhere new each time, so build it with go build first)": "antingen sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (för alla program, fram till omstart), eller tillåt bara burk: lägg\n%s\ni /etc/apparmor.d/burk och kör sudo apparmor_parser -r /etc/apparmor.d/burk (en profil gäller en sökväg: go run bygger burk på ett nytt ställe varje gång, så bygg den med go build först)",
		"install newuidmap and newgidmap (Debian, Ubuntu: sudo apt install uidmap) and give yourself a range: sudo usermod --add-subuids %d-%d --add-subgids %d-%d %s":                                                                                                                                                           "installera newuidmap och newgidmap (Debian, Ubuntu: sudo apt install uidmap) och ge dig själv ett intervall: sudo usermod --add-subuids %d-%d --add-subgids %d-%d %s",
		"newuidmap, newgidmap and %d subordinate ids: the lab maps them, and the user-ns step maps root inside to one of them":                                                                                                                                                                                                   "newuidmap, newgidmap och %d underordnade id:n: labbet mappar dem, och steget user-ns mappar root i containern till ett av dem",
		"no newuidmap/newgidmap":                         "ingen newuidmap/newgidmap",
		"no range for you in /etc/subuid or /etc/subgid": "inget intervall för dig i /etc/subuid eller /etc/subgid",
		"%s: the lab maps only your own id, so root in the lab is you, files of every other user show as nobody, and the user-ns step's container maps root inside to your id instead of to an unprivileged one": "%s: labbet mappar bara ditt eget id, så root i labbet är du, alla andra användares filer visas som nobody, och containern i steget user-ns mappar root till ditt id i stället för till ett oprivilegierat",
		"%s: the cgroups step skips its demonstrations":                                                                                                         "%s: steget cgroups hoppar över sina demonstrationer",
		"cgroup limits without root need cgroup v2 only: boot with systemd.unified_cgroup_hierarchy=1, or run burk with sudo":                                   "cgroup-gränser utan root kräver ren cgroup v2: starta med systemd.unified_cgroup_hierarchy=1, eller kör burk med sudo",
		"burk's cgroup %s is delegated to you, without the %s controller: the containers' cgroups go below it, and that demonstration is skipped":               "burks cgroup %s är delegerad till dig, utan %s-controllern: containrarnas cgroups hamnar under den, och den demonstrationen hoppas över",
		"an admin can delegate it: sudo systemctl edit user@.service, and add [Service] Delegate=pids memory cpu":                                               "en administratör kan delegera den: sudo systemctl edit user@.service, och lägg till [Service] Delegate=pids memory cpu",
		"burk's cgroup %s is delegated to you: the containers' cgroups go below it":                                                                             "burks cgroup %s är delegerad till dig: containrarnas cgroups hamnar under den",
		"burk's cgroup %s is not yours (its cgroup.procs, cgroup.subtree_control and cgroup.threads belong to root): the cgroups step skips its demonstrations": "burks cgroup %s är inte din (dess cgroup.procs, cgroup.subtree_control och cgroup.threads ägs av root): steget cgroups hoppar över sina demonstrationer",
		"ask systemd for a delegated cgroup: systemd-run --user --scope -p Delegate=yes burk":                                                                   "be systemd om en delegerad cgroup: systemd-run --user --scope -p Delegate=yes burk",
		"burk cannot run without root on this machine:":                                                                                                         "burk kan inte köras utan root på den här datorn:",
		"or run it as root: sudo ./burk   (burk doctor says what this machine allows)":                                                                          "eller kör den som root: sudo ./burk   (burk doctor säger vad den här datorn tillåter)",
		"/proc/self/ns (burk, in its rootless lab: the user, mnt, pid, uts and ipc namespaces are the lab's, the rest the host's)":                              "/proc/self/ns (burk, i sitt labb utan root: user-, mnt-, pid-, uts- och ipc-namespacen är labbets, resten värdens)",
		"without root burk may use only a cgroup delegated to you, and it has none with the %s controller (burk doctor says how to get one)":                    "utan root får burk bara använda en cgroup som delegerats till dig, och burk har ingen med %s-controllern (burk doctor säger hur du får en)",
		"this host has cgroup v1 only": "värden har bara cgroup v1",
		"this host's cgroups are hybrid: the controllers are on v1, where nothing can be delegated to a user": "värdens cgroups är hybrida: controllerna ligger i v1, där inget kan delegeras till en användare",
		"/proc/self/cgroup has no cgroup v2 line":                                                             "/proc/self/cgroup har ingen rad för cgroup v2",
		"running as uid %d: burk runs the tour in a rootless lab (sudo gives the full tour)":                  "körs som uid %d: burk kör rundturen i ett labb utan root (med sudo får du hela rundturen)",
		"nothing needed; for the full tour run burk with sudo":                                                "inget behövs; kör burk med sudo för hela rundturen",
		"subordinate ids": "underordnade id:n",
		"On the host the same process is the first uid mapped, an unprivileged user.":             "På värden är samma process det första mappade uid:t, en oprivilegierad användare.",
		"the user namespace maps no uid to root inside":                                           "user-namespacet mappar inget uid till root i containern",
		"root inside is uid %d on the host, and the map starts at %d":                             "root i containern är uid %d på värden, och mappningen börjar på %d",
		"root inside maps to uid %d, the first of your subordinate range in /etc/subuid (%d ids)": "root i containern mappas till uid %d, det första i ditt underordnade intervall i /etc/subuid (%d id:n)",
		"root inside maps to uid %d on the host, the first of the %d ids burk maps":               "root i containern mappas till uid %d på värden, det första av de %d id:n som burk mappar",
		"cgroups without root": "cgroups utan root",
		"lab":                  "labb",
	})
}
