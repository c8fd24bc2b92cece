package i18n

// The Swedish of build your own (package build, burk build). The stages'
// tasks and hints are in build/texts_sv.go.
func init() {
	extend(sv, map[string]string{
		"Build your own container runtime in Go, checked stage by stage by the tour's claims": "Bygg en egen container-runtime i Go, kontrollerad steg för steg av rundturens påståenden",
		"Write a container runtime in Go, one stage at a time: burk build init writes\na module to start from, burk build check runs your runtime the way the\narticle does (RUNTIME run ROOTFS COMMAND ARG...) with burk's probe as the\ncommand, and the tour's claims decide each stage from what the host sees.\nWith no command, burk build shows the stages and checks the one you are on\nagain at every save. See docs/build.md.": "Skriv en container-runtime i Go, ett steg i taget: burk build init skriver\nen modul att börja från, burk build check kör din runtime så som artikeln\ngör (RUNTIME run ROOTFS KOMMANDO ARG...) med burks sond som kommando, och\nrundturens påståenden avgör varje steg utifrån vad värden ser.\nUtan kommando visar burk build stegen och kontrollerar det steg du står på\nigen varje gång du sparar. Se docs/build.sv.md.",
		"Write a Go module to start from: main.go with a TODO per stage, and TASKS.md":         "Skriv en Go-modul att börja från: main.go med en TODO per steg, och TASKS.md",
		"Build your runtime and check its stages; exit 0 only when every stage checked passes": "Bygg din runtime och kontrollera dess steg; slutstatus 0 bara när varje kontrollerat steg går igenom",
		"Show the next hint for a stage, one at a time":                                        "Visa nästa ledtråd för ett steg, en i taget",
		"Show the reference runtime up to a stage, once that stage has passed":                 "Visa referens-runtimen fram till ett steg, när det steget har gått igenom",
		"the Go module of your runtime":                                                        "Go-modulen med din runtime",
		"check only this stage, by id or number":                                               "kontrollera bara det här steget, med id eller nummer",
		"print the results as JSON, for a teacher or CI":                                       "skriv resultaten som JSON, för en lärare eller CI",
		"check this Linux executable instead of building the module":                           "kontrollera den här körbara Linuxfilen i stället för att bygga modulen",

		"burk: wrote %s in %s. Start with stage 1 in TASKS.md; sudo burk build check --dir %s checks it.":             "burk: skrev %s i %s. Börja med steg 1 i TASKS.md; sudo burk build check --dir %s kontrollerar det.",
		"%s already has a %s: burk build init writes a new module, and overwrites nothing (choose another directory)": "%s har redan en %s: burk build init skriver en ny modul och skriver inte över något (välj en annan katalog)",
		"go build in %s failed:\n%s":                                  "go build i %s misslyckades:\n%s",
		"no stage %d: the stages are 1 to %d (burk steps lists them)": "inget steg %d: stegen är 1 till %d (burk steps listar dem)",
		"no stage %q: the stages are %s":                              "inget steg %q: stegen är %s",
		"stage %d %s builds on stages 1–%d: %s":                       "steg %d %s bygger på steg 1–%d: %s",
		"stage %d %s builds on stage 1: %s":                           "steg %d %s bygger på steg 1: %s",
		"stage %d %s: the first; it needs no other":                   "steg %d %s: det första; det behöver inget annat",
		"stage %d (%s) has not passed yet: its solution is shown once burk build check passes it (burk build hint %d helps)": "steg %d (%s) har inte gått igenom än: lösningen visas när burk build check godkänner det (burk build hint %d hjälper)",
		"No more hints for stage %d. burk build solution %d shows the reference once the stage passes.":                      "Inga fler ledtrådar för steg %d. burk build solution %d visar referensen när steget har gått igenom.",
		"(%.2f s)": "(%.2f s)",
		"needs root: the check clones namespaces, mounts and makes cgroups as your runtime does (sudo burk build check)": "kräver root: kontrollen klonar namespaces, monterar och skapar cgroups som din runtime gör (sudo burk build check)",
		"stages 1–%d passed earlier (burk build check --stage N checks one again)":                                       "steg 1–%d gick igenom tidigare (burk build check --stage N kontrollerar ett igen)",
		"every stage has passed: burk build check --stage N checks one again":                                            "alla steg har gått igenom: burk build check --stage N kontrollerar ett igen",

		"r check again · ↑↓ choose a stage · q quit · a save checks the stage again": "r kontrollera igen · ↑↓ välj steg · q avsluta · när du sparar kontrolleras steget igen",
		"checking stage %d…":                                                     "kontrollerar steg %d…",
		"burk build: your runtime, stage by stage":                               "burk build: din runtime, steg för steg",
		"burk build: write the runtime yourself, stage by stage (docs/build.md)": "burk build: skriv runtimen själv, steg för steg (docs/build.sv.md)",

		"Build your own container runtime": "Bygg en egen container-runtime",
		"One stage at a time, in order: each builds on the ones before. burk build check checks them; burk build hint N gives a hint.": "Ett steg i taget, i ordning: varje steg bygger på de tidigare. burk build check kontrollerar dem; burk build hint N ger en ledtråd.",
		"burk checks:":                  "burk kontrollerar:",
		"(not checked: %v) %v":          "(kontrolleras inte: %v) %v",
		"TODO stage %d (%s): %s":        "TODO steg %d (%s): %s",
		"TODO stage %d (%s), continued": "TODO steg %d (%s), fortsättning",
		"Command runtime is your container runtime, in the shape of Liz Rice's\n\"containers from scratch\": run starts this same program again as child\ninside new namespaces, and child sets the container up from inside, then\nbecomes the command.\n\n\tsudo ./runtime run ROOTFS COMMAND [ARG...]\n\nEach stage of burk build is a TODO below: TASKS.md says what to do and\nwhat burk checks. burk build check checks them all; burk build hint N\ngives a hint, one at a time.": "Kommandot runtime är din container-runtime, i samma form som Liz Rices\n\"containers from scratch\": run startar samma program igen som child i nya\nnamespaces, och child gör i ordning containern inifrån och blir sedan\nkommandot.\n\n\tsudo ./runtime run ROOTFS KOMMANDO [ARG...]\n\nVarje steg i burk build är en TODO nedan: TASKS.md säger vad du ska göra\noch vad burk kontrollerar. burk build check kontrollerar dem; burk build\nhint N ger en ledtråd i taget.",
		"Command runtime is burk's reference container runtime, every stage\nwritten: burk build solution shows it once the last stage passes.\n\n\tsudo ./runtime run ROOTFS COMMAND [ARG...]":                     "Kommandot runtime är burks referens-runtime, med alla steg\nskrivna: burk build solution visar den när det sista steget har gått igenom.\n\n\tsudo ./runtime run ROOTFS KOMMANDO [ARG...]",
		"Command runtime is burk's reference container runtime up to stage %d\n(%s): burk build solution shows it once that stage passes. Later stages\nare TODOs.\n\n\tsudo ./runtime run ROOTFS COMMAND [ARG...]": "Kommandot runtime är burks referens-runtime fram till steg %d\n(%s): burk build solution visar den när det steget har gått igenom.\nSenare steg är TODO.\n\n\tsudo ./runtime run ROOTFS KOMMANDO [ARG...]",

		"The command got the arguments it was given.":                                                "Kommandot fick de argument som det startades med.",
		"A file on the host, outside the rootfs, is out of reach inside.":                            "En fil på värden, utanför rootfs, går inte att nå inifrån.",
		"The rootfs given to run is the container's /: a file burk put there reads the same inside.": "Den rootfs som run fick är containerns /: en fil som burk lade där läses likadant inuti.",
		"The runtime exits with the command's exit status.":                                          "Runtimen avslutas med kommandots slutstatus.",
		"the command's arguments on the host (/proc/%d/cmdline): %q":                                 "kommandots argument på värden (/proc/%d/cmdline): %q",
		"cat %s inside: %s":                                                  "cat %s inuti: %s",
		"the command could not be told to exit: %v":                          "kommandot kunde inte få besked att avslutas: %v",
		"the command exited with %d; the runtime with %d":                    "kommandot avslutades med %d; runtimen med %d",
		"the command exited with %d; the runtime was still running %v later": "kommandot avslutades med %d; runtimen körde fortfarande %v senare",
		"about burk's own init, whose binary is a sealed copy in memory; your runtime's command is a file in the rootfs": "det gäller burks egen init, vars binär är en förseglad kopia i minnet; din runtimes kommando är en fil i rootfs",

		"your runtime exited with status %d before the command answered, and said nothing: did it run the command?":                                        "din runtime avslutades med status %d innan kommandot svarade, och skrev ingenting: körde den kommandot?",
		"your runtime exited with status %d before the command answered; it said:\n%s":                                                                     "din runtime avslutades med status %d innan kommandot svarade; den skrev:\n%s",
		"the command did not answer (%v): does your runtime run it with the stdin and stdout it was given? It said:\n%s":                                   "kommandot svarade inte (%v): kör din runtime det med den stdin och stdout den fick? Den skrev:\n%s",
		"something answered, but no process on the host runs burk's probe with this run's arguments: the command your runtime was given must be what runs": "något svarade, men ingen process på värden kör burks sond med den här körningens argument: det kommando din runtime fick måste vara det som körs",

		"your runtime left %d processes running after it exited (%s); burk killed them. In a PID namespace they would have ended with the container's first process":                 "din runtime lämnade %d processer igång efter att den avslutats (%s); burk dödade dem. I ett PID-namespace hade de avslutats tillsammans med containerns första process",
		"your runtime left its cgroup %s, and burk could not remove it: %v":                                                                                                          "din runtime lämnade kvar sin cgroup %s, och burk kunde inte ta bort den: %v",
		"your runtime left its cgroup %s; burk removed it. Remove it (rmdir) once the container has exited, as runc delete does":                                                     "din runtime lämnade kvar sin cgroup %s; burk tog bort den. Ta bort den (rmdir) när containern har avslutats, som runc delete gör",
		"your runtime left a proc mount at %s on the host; with a mount namespace it would have stayed inside, and gone with the container":                                          "din runtime lämnade en proc-montering på %s på värden; med ett mount-namespace hade den stannat inuti och försvunnit med containern",
		"your runtime left a %s mount at %s on the host; with a mount namespace whose / is private it would have stayed inside":                                                      "din runtime lämnade en %s-montering på %s på värden; med ett mount-namespace vars / är privat hade den stannat inuti",
		"the rootfs's filesystem is full: burk's lab is a tmpfs of %d MiB, so the host's disk never filled; a real runtime gives each container a filesystem of its own, or a quota": "rotfilsystemet är fullt: burks labb är en tmpfs på %d MiB, så värdens disk blev aldrig full; en riktig runtime ger varje container ett eget filsystem, eller en kvot",
		"your runtime changed the host's hostname to %q; burk set it back to %q. Without a UTS namespace, sethostname changes the host's":                                            "din runtime ändrade värdens värdnamn till %q; burk satte tillbaka det till %q. Utan UTS-namespace ändrar sethostname värdens",
	})
}
