package sandbox

// What the tests in package sandbox_test (so that they can use testutil,
// which imports sandbox) need of the unexported code.

import (
	"os"
	"time"
)

// TestCgroup is a container's cgroup, made by newCgroup as Start makes it.
type TestCgroup struct {
	cg  *cgroup
	rec *recorder
}

func NewTestCgroup(info CgroupInfo, instance, name string, l Limits) (*TestCgroup, error) {
	rec := newRecorder(HostSide, time.Now())
	cg, err := newCgroup(info, instance, name, l, rec)
	if err != nil {
		return &TestCgroup{rec: rec}, err
	}
	return &TestCgroup{cg: cg, rec: rec}, nil
}

func (t *TestCgroup) Events() []Event                             { return t.rec.events() }
func (t *TestCgroup) Dirs() []string                              { return t.cg.dirs() }
func (t *TestCgroup) V2() string                                  { return t.cg.v2 }
func (t *TestCgroup) V2Dir() string                               { return t.cg.v2Dir() }
func (t *TestCgroup) LimitDir(controller string) string           { return t.cg.limitDir(controller) }
func (t *TestCgroup) OpenV2() (*os.File, bool, error)             { return t.cg.openV2() }
func (t *TestCgroup) Add(pid int) error                           { return t.cg.add(pid) }
func (t *TestCgroup) AddPayload(pid int) error                    { return t.cg.addPayload(pid) }
func (t *TestCgroup) Pids() ([]int, error)                        { return t.cg.pids() }
func (t *TestCgroup) Kill() error                                 { return t.cg.kill() }
func (t *TestCgroup) Remove() error                               { return t.cg.remove() }
func (t *TestCgroup) Stats() (CgroupStats, error)                 { return t.cg.stats() }
func (t *TestCgroup) PayloadFiles() (*os.File, []*os.File, error) { return t.cg.payloadFiles() }

// MemfdCopy is the sealed copy the init falls back to without overlayfs.
func MemfdCopy() (*os.File, error) { return memfdCopy(newRecorder(HostSide, time.Now())) }

var (
	InstanceID        = instanceID
	InstanceAlive     = instanceAlive
	InstanceOf        = instanceOf
	RecoverCgroups    = recoverCgroups
	CgroupsFromMounts = cgroupsFromMounts
)

// CgroupRoots are the mount points of every hierarchy, each once.
func (i CgroupInfo) CgroupRoots() []string { return i.roots() }
