// Command rogue is a runtime that misbehaves, one way per build: the tests
// of burk build check build it with -ldflags "-X main.mode=MODE".
//
//	printer  prints what a check expects, and runs nothing
//	plain    runs the command with no isolation at all
//	crash    starts the command, then dies half-way
//	mounts   leaves a proc and a tmpfs mount on the host
//	forks    leaves a process of its own session behind
//	hangs    never runs the command
//	fills    fills the rootfs's filesystem first
//	cgroup   leaves a cgroup named as the stages ask
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

var mode string

func main() {
	// RUNTIME run ROOTFS COMMAND ARG...
	rootfs, args := os.Args[2], os.Args[3:]
	if _, err := os.Stat(args[0]); err != nil {
		args[0] = filepath.Join(rootfs, args[0]) // found from the host, no root of its own
	}
	switch mode {
	case "printer":
		printer(args)
	case "hangs":
		time.Sleep(time.Hour)
	case "mounts":
		syscall.Mount("proc", filepath.Join(rootfs, "proc"), "proc", 0, "")
		os.MkdirAll(filepath.Join(rootfs, "mnt"), 0o755)
		syscall.Mount("rogue", filepath.Join(rootfs, "mnt"), "tmpfs", 0, "")
	case "forks":
		stray := exec.Command("sleep", "3600")
		stray.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		stray.Start()
	case "fills":
		f, _ := os.Create(filepath.Join(rootfs, "fill"))
		block := make([]byte, 1<<20)
		for {
			if _, err := f.Write(block); err != nil {
				break
			}
		}
		f.Close()
	case "cgroup":
		name := "burk-build-" + strconv.Itoa(os.Getpid())
		if _, err := os.Stat("/sys/fs/cgroup/cgroup.controllers"); err == nil {
			os.Mkdir("/sys/fs/cgroup/"+name, 0o755)
		} else {
			os.Mkdir("/sys/fs/cgroup/pids/"+name, 0o755)
		}
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if mode == "crash" {
		cmd.Start()
		time.Sleep(300 * time.Millisecond)
		panic("half-way")
	}
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		os.Exit(exit.ExitCode())
	}
}

// printer answers as burk's probe would, without being it: the token burk
// passed, a ready line, and the answers each check looks for.
func printer(args []string) {
	token := args[2]
	say := func(v any) {
		line, _ := json.Marshal(v)
		fmt.Printf("%s%s\n", token, line)
	}
	say(map[string]any{"Kind": "ready"})
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var req struct {
			Op   string
			Args []string
		}
		json.Unmarshal(in.Bytes(), &req)
		switch req.Op {
		case "exit":
			code, _ := strconv.Atoi(req.Args[0])
			os.Exit(code)
		case "escape":
			say(map[string]any{"Kind": "escape", "Escape": map[string]any{"root_dev": 1, "root_ino": 1, "listing": []string{"bin"}}})
		default:
			out := map[string]string{"hostname": "burk\n", "id": "uid=0(root) gid=0(root)\n",
				"ps": "PID   USER     COMMAND\n    1 root     probe\n", "readlink": "mnt:[1]\n",
				"cat": "CapEff:\t0000000000000000\nCapInh:\t0000000000000000\nNoNewPrivs:\t1\n"}[req.Args[0]]
			say(map[string]any{"Kind": "exec", "Exec": map[string]any{"args": req.Args, "stdout": out, "exit_code": 0}})
		}
	}
}
