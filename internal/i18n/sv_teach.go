package i18n

// The Swedish of what the teaching part of burk adds: the recap, the
// glossary, exercise progress and questions in the plain tour.
func init() {
	extend(sv, map[string]string{
		// The recap: its step, its view and its claims.
		"Recap": "Sammanfattning",
		"what is isolated now, and what is still shared with the host": "vad som är isolerat nu, och vad som fortfarande delas med värden",
		"shared with the host":                                                                                 "delat med värden",
		"commands run inside one after another":                                                                "kommandon som körs inuti, ett i taget",
		"the same, read by burk on the host":                                                                   "samma sak, läst av burk på värden",
		"Every one of the eight namespaces is the container's own.":                                            "Alla åtta namespaces är containerns egna.",
		"its own: %v; shared with the host: %v":                                                                "egna: %v; delade med värden: %v",
		"A cgroup of its own limits its memory and its number of processes.":                                   "En egen cgroup begränsar containerns minne och antal processer.",
		"memory.max %d bytes, pids.max %d":                                                                     "memory.max %d byte, pids.max %d",
		"the cgroup files could not be read: %s":                                                               "cgroup-filerna gick inte att läsa: %s",
		"Its / is its own: the chroot escape ends there, not at the host's /.":                                 "Containerns / är dess egen: chroot-utbrytningen slutar där, inte i värdens /.",
		"The kernel is the host's: the same release inside and out.":                                           "Kärnan är värdens: samma version inuti som utanför.",
		"inside %q, on the host %q":                                                                            "inuti %q, på värden %q",
		"/proc/meminfo inside shows the host's memory, not the cgroup's limit.":                                "/proc/meminfo inuti visar värdens minne, inte cgroupens gräns.",
		"MemTotal inside %s, on the host %s; memory.max %d bytes":                                              "MemTotal inuti %s, på värden %s; memory.max %d byte",
		"The wall clock is the host's; only the uptime is the container's own, shifted by its time namespace.": "Väggklockan är värdens; bara upptiden är containerns egen, förskjuten av dess time-namespace.",
		"date +%%s inside %d, on the host %d; uptime inside %.2f s, on the host %.2f s":                        "date +%%s inuti %d, på värden %d; upptid inuti %.2f s, på värden %.2f s",
		"sysfs mounts inside: %d; ls /sys inside: %q; the host's /sys/block: %v":                               "sysfs-monteringar inuti: %d; ls /sys inuti: %q; värdens /sys/block: %v",
		"There is no device namespace: the kernel's devices (/proc/devices) are the host's.":                   "Det finns inget namespace för enheter: kärnans enheter (/proc/devices) är värdens.",
		"/proc/devices: %d lines inside, %d on the host, the same: %s":                                         "/proc/devices: %d rader inuti, %d på värden, likadana: %s",
		"burk adds no seccomp filter: every syscall reaches the host's kernel. Docker and Podman add one by default, Kubernetes when a pod or the kubelet asks.": "burk lägger inte till något seccomp-filter: varje systemanrop når värdens kärna. Docker och Podman lägger till ett som standard, Kubernetes när en pod eller kubeleten ber om det.",
		"this kernel has no seccomp (no Seccomp line in /proc/self/status)":                                                                                      "den här kärnan saknar seccomp (ingen Seccomp-rad i /proc/self/status)",
		"Seccomp inside: %s; burk on the host: %s (0: no filter)":                                                                                                "Seccomp inuti: %s; burk på värden: %s (0: inget filter)",

		// The misconceptions the recap clears up.
		"A container is a small virtual machine.": "En container är en liten virtuell maskin.",
		"It is a group of processes on the host's own kernel: the same kernel release inside and out, and the host's memory in /proc/meminfo.": "Det är en grupp processer på värdens egen kärna: samma kärnversion inuti som utanför, och värdens minne i /proc/meminfo.",
		"Root in a container is root on the host.": "Root i en container är root på värden.",
		"With a user namespace, root inside is an unprivileged uid outside, and holds only the capabilities the runtime kept.": "Med ett user-namespace är root inuti ett oprivilegierat uid utanför, och har bara de capabilities som runtimen behöll.",
		"Namespaces limit what a container may use.": "Namespaces begränsar vad en container får använda.",
		"Namespaces change what a process sees; cgroups limit what it uses. The memory and pids limits did that here.": "Namespaces ändrar vad en process ser; cgroups begränsar vad den använder. Här gjorde gränserna för minne och processer det.",
		"Docker is the container runtime.": "Docker är container-runtimen.",
		"Docker is an engine: it fetches images, prepares the root filesystem and hands a bundle to containerd, whose runtime (runc or crun) makes the syscalls this tour showed.": "Docker är en motor (engine): den hämtar avbildningar, förbereder rotfilsystemet och lämnar en bundle till containerd, vars runtime (runc eller crun) gör de systemanrop som rundturen har visat.",

		// The recap and glossary screens, and the glossary command.
		"→ the recap: what is isolated now, and what is still shared, checked live":                                                           "→ sammanfattningen: vad som är isolerat nu och vad som fortfarande delas, kontrollerat på riktigt",
		"Recap: what is isolated, and what is not":                                                                                            "Sammanfattning: vad som är isolerat, och vad som inte är det",
		"burk started one more container, with every step applied (as at step %d), and checked each line below against it and the host, now.": "burk startade ytterligare en container, med alla steg tillämpade (som i steg %d), och kontrollerade varje rad nedan mot den och mot värden, just nu.",
		"checking a container at full isolation…":                                                                                             "kontrollerar en helt isolerad container…",
		"The recap could not run: %s":                                                                                                         "Sammanfattningen kunde inte köras: %s",
		"Isolated now":                                                                                                                        "Isolerat nu",
		"Still shared with the host":                                                                                                          "Fortfarande delat med värden",
		"What this clears up":                                                                                                                 "Vad det här reder ut",
		"Misconception: %s":                                                                                                                   "Missuppfattning: %s",
		"(not shown on this machine: %s)":                                                                                                     "(visas inte på den här datorn: %s)",
		"(this machine did not show it: see above)":                                                                                           "(den här datorn visade inte det: se ovan)",
		"(✓ shown above)":                                                                                                                     "(✓ visat ovan)",
		"← back to the end · ↑/↓ scroll · q quit":                                                                                             "← tillbaka till slutet · ↑/↓ rulla · q avsluta",
		"glossary": "ordlista",
		"The words the lessons use, with the man pages to read more": "Orden som lektionerna använder, med manualsidorna att läsa vidare i",
		"Before the step runs:": "Innan steget körs:",
		"this rootfs has no %s, which the task needs (burk rootfs builds one that has)": "det här rotfilsystemet saknar %s, som uppgiften behöver (burk rootfs bygger ett som har det)",
		"welcome back: step %d of %d, exercises passed: %d of %d (R starts over)":       "välkommen tillbaka: steg %d av %d, godkända övningar: %d av %d (R börjar om)",
		"✓ passed in the tour, %s":                            "✓ godkänd i rundturen, %s",
		"○ skipped in the tour (the rootfs cannot do it), %s": "○ hoppades över i rundturen (rotfilsystemet klarar inte uppgiften), %s",
		"✗ not passed yet in the tour, %s":                    "✗ inte godkänd än i rundturen, %s",
	})
}
