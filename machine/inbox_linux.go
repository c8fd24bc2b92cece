package machine

// A machine's inbox: a pipe from the server to the program in the machine
// (the tour), for what the teacher says to the room. The server keeps the
// write end; the read end goes to PID 1 as its fd 4 and on to the program
// as its fd 3, named in InboxEnv. Nothing flows back to the server, and
// the server writes without waiting (serve's inbox). The pipe belongs to
// the server's root, whom the machine's user namespace does not map: root
// in the machine cannot reopen it through /proc/PID/fd (the kernel lets a
// namespace's root override file permissions only on inodes whose owner it
// maps). What a learner can do — stop their tour, so the pipe fills, or
// make it misread — spoils only what their own tour hears.

import (
	"os"
	"os/exec"
	"strconv"

	"golang.org/x/sys/unix"
)

// InboxEnv names the program's fd of its inbox, when it has one.
const InboxEnv = "BURK_INBOX_FD"

// inboxFromServer is the fd of the read end in PID 1, after the gate (3).
const inboxFromServer = 4

// inboxToProgram is the fd of the read end in the program.
const inboxToProgram = 3

// inboxFiles are the files Start hands PID 1 after the gate, and the
// variable that tells PID 1 it has an inbox.
func (s Stdio) inboxFiles() ([]*os.File, []string) {
	if s.Inbox == nil {
		return nil, nil
	}
	return []*os.File{s.Inbox}, []string{InboxEnv + "=" + strconv.Itoa(inboxFromServer)}
}

// passInbox hands PID 1's inbox, if it has one, on to the program, and
// returns what closes PID 1's own copy once the program has started: the
// program is then the only reader.
func passInbox(cmd *exec.Cmd) (closeOurs func()) {
	if os.Getenv(InboxEnv) != strconv.Itoa(inboxFromServer) {
		return func() {}
	}
	os.Unsetenv(InboxEnv)
	// Only the program gets it, as its fd 3: not as a second fd 4 too.
	unix.CloseOnExec(inboxFromServer)
	f := os.NewFile(inboxFromServer, "inbox")
	cmd.ExtraFiles = []*os.File{f}
	cmd.Env = append(cmd.Env, InboxEnv+"="+strconv.Itoa(inboxToProgram))
	return func() { f.Close() }
}
