package sandbox

// The probe is burk's eyes inside a container burk did not make: burk build
// check copies its own binary into the rootfs and asks the learner's runtime
// to run it as the container's command. From inside it serves the same
// requests as burk's own init (run a command, try the chroot escape), over
// the only channel every runtime passes on: the command's stdin and stdout.
// Its replies are lines that start with a token burk chose at random, so
// whatever else the runtime prints on the same stdout is told apart.

import (
	"encoding/json"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// ProbeArg is the hidden first argument that makes the burk binary a probe:
// PROBE __burk_probe__ TOKEN [ARG...].
const ProbeArg = "__burk_probe__"

// IsProbe reports whether this process was started as a probe.
func IsProbe() bool { return len(os.Args) > 2 && os.Args[1] == ProbeArg }

// opExit asks the probe to exit with the status in Args[0].
const opExit = "exit"

// Probe serves burk from inside a learner's container until burk asks it to
// exit or closes its stdin; it never returns.
func Probe() {
	token := os.Args[2]
	// The learner's runtime passes on whatever environment it likes; the
	// commands burk runs inside are found on the PATH burk's own init uses.
	for _, kv := range DefaultEnv {
		if k, v, ok := cutEnv(kv); ok && k == "PATH" {
			os.Setenv("PATH", v)
		}
	}
	// As the container's first process, orphans come to it to be reaped.
	_ = unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
	sealFDs()
	sp := startSpawner(0, func() error { return nil })
	if err := sp.hardenAndWait(func() error { return nil }); err != nil {
		os.Exit(125)
	}
	send := func(r reply) {
		line, err := json.Marshal(r)
		if err != nil {
			os.Exit(125)
		}
		// One write per reply, so that a reply is never split by what the
		// runtime itself prints.
		if _, err := os.Stdout.Write(append(append([]byte(token), line...), '\n')); err != nil {
			os.Exit(125)
		}
	}
	send(reply{Kind: replyReady})
	dec := json.NewDecoder(os.Stdin)
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			os.Exit(0) // burk is gone
		}
		if req.Op == opExit && len(req.Args) == 1 {
			code, _ := strconv.Atoi(req.Args[0])
			os.Exit(code)
		}
		send(answer(sp, DefaultEnv, req))
	}
}
