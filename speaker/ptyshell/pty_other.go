//go:build !linux

package ptyshell

import (
	"os"
	"os/exec"
)

func openPTY() (master, slave *os.File, err error) { return nil, nil, ErrNoPTY }

func onTerminal(*exec.Cmd) {}

func followSize(tty, master *os.File) (stop func()) { return func() {} }
