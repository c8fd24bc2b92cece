package sandbox

// cgroups: every container gets a cgroup of burk's own, in every hierarchy
// it needs, so that its processes can be limited, counted and killed as one.
// burk's cgroups live at burk/<instance>/<container> under each hierarchy's
// root; <instance> names the burk process that owns them, so a later burk
// can tell what a dead one left behind.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// CgroupMode is how this host mounts its cgroups.
type CgroupMode int

const (
	CgroupV1     CgroupMode = iota + 1 // one hierarchy per controller
	CgroupV2                           // the unified hierarchy only
	CgroupHybrid                       // v1 controllers, plus cgroup2 for tracking
)

func (m CgroupMode) String() string {
	switch m {
	case CgroupV1:
		return "v1"
	case CgroupV2:
		return "v2"
	case CgroupHybrid:
		return "hybrid"
	}
	return "none"
}

// CgroupInfo is what DetectCgroups found.
type CgroupInfo struct {
	Mode          CgroupMode
	V2Root        string            // where cgroup2 is mounted, or ""
	V1            map[string]string // v1 controller name -> mount point
	V2Controllers []string          // controllers the v2 root offers
	HasKill       bool              // cgroup.kill: kill a whole cgroup at once
}

// DetectCgroups reads the mount table: which hierarchies are mounted where,
// and which controllers each has. Nothing is assumed.
func DetectCgroups() (CgroupInfo, error) {
	mounts, err := ReadMounts(0)
	if err != nil {
		return CgroupInfo{}, err
	}
	info := CgroupInfo{V1: map[string]string{}}
	for _, m := range mounts {
		switch m.FSType {
		case "cgroup2":
			if info.V2Root == "" {
				info.V2Root = m.MountPoint
			}
		case "cgroup":
			// The super options name the controllers: "rw,memory" or
			// "rw,cpu,cpuacct" when they are mounted together.
			for _, opt := range strings.Split(superOptions(m), ",") {
				if isController(opt) {
					if _, dup := info.V1[opt]; !dup {
						info.V1[opt] = m.MountPoint
					}
				}
			}
		}
	}
	if info.V2Root != "" {
		data, _ := os.ReadFile(filepath.Join(info.V2Root, "cgroup.controllers"))
		info.V2Controllers = strings.Fields(string(data))
		// cgroup.kill exists in every non-root cgroup; the root has none,
		// so look at the kernel's own list of cgroup features.
		feats, _ := os.ReadFile("/sys/kernel/cgroup/features")
		info.HasKill = slices.Contains(strings.Fields(string(feats)), "cgroup.kill") || kernelAtLeast(5, 14)
	}
	switch {
	case info.V2Root != "" && len(info.V1) > 0:
		info.Mode = CgroupHybrid
	case info.V2Root != "":
		info.Mode = CgroupV2
	case len(info.V1) > 0:
		info.Mode = CgroupV1
	default:
		return info, errors.New("no cgroup filesystem is mounted: mount cgroup2 at /sys/fs/cgroup")
	}
	return info, nil
}

// superOptions are a mount's filesystem options: for a v1 cgroup they
// name its controllers ("rw,memory", "rw,cpu,cpuacct").
func superOptions(m Mount) string { return m.SuperOptions }

func isController(s string) bool {
	switch s {
	case "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "blkio",
		"perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc":
		return true
	}
	return false
}

func kernelAtLeast(major, minor int) bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	var ma, mi int
	fmt.Sscanf(unix.ByteSliceToString(u.Release[:]), "%d.%d", &ma, &mi)
	return ma > major || (ma == major && mi >= minor)
}

// ControllerVersion says where a controller is: "v2" when the unified
// hierarchy offers it, "v1" when it has a hierarchy of its own.
func (i CgroupInfo) ControllerVersion(name string) (string, bool) {
	if slices.Contains(i.V2Controllers, name) {
		return "v2", true
	}
	if _, ok := i.V1[name]; ok {
		return "v1", true
	}
	return "", false
}

// needs lists the controllers a set of limits uses.
func (l Limits) needs() []string {
	var c []string
	if l.MemoryBytes > 0 {
		c = append(c, "memory")
	}
	if l.Pids > 0 {
		c = append(c, "pids")
	}
	if l.CPUQuota > 0 {
		c = append(c, "cpu")
	}
	return c
}

// Missing names the controllers the limits need that this host lacks.
func (i CgroupInfo) Missing(l Limits) []string {
	var out []string
	for _, c := range l.needs() {
		if _, ok := i.ControllerVersion(c); !ok {
			out = append(out, c)
		}
	}
	return out
}

// cgroup is one container's cgroup, in each hierarchy it lives in. It has
// two leaves: init/ holds burk's init, payload/ holds everything the init
// starts, and only payload/ is limited. The init is burk's own Go program:
// were it inside the limits, a fork bomb at pids.max would leave the Go
// runtime unable to start a thread, and the OOM killer could pick it.
type cgroup struct {
	info    CgroupInfo
	limits  Limits
	rec     *recorder
	v2      string            // the container's directory in the unified hierarchy, or ""
	v1      map[string]string // controller -> the container's directory in that v1 hierarchy
	missing []string
}

const (
	initLeaf    = "init"
	payloadLeaf = "payload"
)

// newCgroup creates the container's cgroup and writes its limits. A limit
// whose controller this host lacks is skipped and reported in stats().
func newCgroup(info CgroupInfo, instance, name string, l Limits, rec *recorder) (cg *cgroup, err error) {
	cg = &cgroup{info: info, limits: l, rec: rec, v1: map[string]string{}, missing: info.Missing(l)}
	defer func() {
		if err != nil {
			cg.remove()
			cg = nil
		}
	}()
	rel := filepath.Join("burk", instance, name)
	if info.V2Root != "" {
		// The unified hierarchy holds every container, limits or not: it
		// is how burk finds and kills all of a container's processes.
		var enable []string
		for _, c := range l.needs() {
			if slices.Contains(info.V2Controllers, c) {
				enable = append(enable, c)
			}
		}
		cg.v2 = filepath.Join(info.V2Root, rel)
		if err := cg.mkdirAll(info.V2Root, rel, enable, true); err != nil {
			return cg, err
		}
	}
	var v1 []string
	for _, c := range l.needs() {
		if v, _ := info.ControllerVersion(c); v == "v1" {
			v1 = append(v1, c)
		}
	}
	// Without a unified hierarchy, a pids cgroup tracks the processes.
	if info.V2Root == "" && info.V1["pids"] != "" && !slices.Contains(v1, "pids") {
		v1 = append(v1, "pids")
	}
	for _, c := range v1 {
		cg.v1[c] = filepath.Join(info.V1[c], rel)
		// With a unified hierarchy to track the init, the v1 ones only
		// need the payload: the init stays where burk is.
		if err := cg.mkdirAll(info.V1[c], rel, nil, info.V2Root == ""); err != nil {
			return cg, err
		}
	}
	return cg, cg.writeLimits()
}

// mkdirAll creates root/rel one level at a time and its leaves — payload/,
// and init/ when the init must be tracked here — enabling the given v2
// controllers on the way so the payload gets them.
func (cg *cgroup) mkdirAll(root, rel string, enable []string, withInit bool) error {
	dir := root
	for _, p := range append(strings.Split(rel, "/"), "") {
		for _, c := range enable {
			// Idempotent: already enabled is fine.
			cg.write(filepath.Join(dir, "cgroup.subtree_control"), "+"+c, "let the cgroups below use the "+c+" controller")
		}
		if p == "" {
			break
		}
		dir = filepath.Join(dir, p)
		err := unix.Mkdir(dir, 0o755)
		if err == unix.EEXIST && dir != filepath.Join(root, rel) {
			continue // burk/ or burk/<instance>/ from an earlier container
		}
		if err := cg.rec.record(fmt.Sprintf("mkdir(%q, 0755)", dir), "", 0, err); err != nil {
			return fmt.Errorf("create cgroup: %w", &os.PathError{Op: "mkdir", Path: dir, Err: err})
		}
	}
	leaves := []string{payloadLeaf}
	if withInit {
		leaves = []string{initLeaf, payloadLeaf}
	}
	for _, leaf := range leaves {
		d := filepath.Join(dir, leaf)
		why := "burk's init: outside the limits"
		if leaf == payloadLeaf {
			why = "everything the container runs: inside the limits"
		}
		if err := cg.rec.record(fmt.Sprintf("mkdir(%q, 0755)", d), why, 0, unix.Mkdir(d, 0o755)); err != nil {
			return fmt.Errorf("create cgroup: %w", &os.PathError{Op: "mkdir", Path: d, Err: err})
		}
	}
	return nil
}

// write writes one cgroup file, recording it in the trace.
func (cg *cgroup) write(path, value, why string) error {
	err := os.WriteFile(path, []byte(value), 0)
	var errno error = err
	if pe, ok := err.(*os.PathError); ok {
		errno = pe.Err
	}
	cg.rec.record(fmt.Sprintf("write(%q, %q)", path, value), why, len(value), errno)
	if err != nil {
		return fmt.Errorf("write cgroup file: %w", err)
	}
	return nil
}

// limitDir is the payload directory where a controller's files are.
func (cg *cgroup) limitDir(controller string) string {
	if v, _ := cg.info.ControllerVersion(controller); v == "v2" {
		return filepath.Join(cg.v2, payloadLeaf)
	}
	if d := cg.v1[controller]; d != "" {
		return filepath.Join(d, payloadLeaf)
	}
	return ""
}

func (cg *cgroup) writeLimits() error {
	l := cg.limits
	period := l.CPUPeriod
	if period == 0 {
		period = 100 * time.Millisecond
	}
	if dir := cg.limitDir("memory"); l.MemoryBytes > 0 && dir != "" {
		v := strconv.FormatInt(l.MemoryBytes, 10)
		file, swap := "memory.limit_in_bytes", "memory.memsw.limit_in_bytes"
		if ver, _ := cg.info.ControllerVersion("memory"); ver == "v2" {
			file, swap = "memory.max", "memory.swap.max"
		}
		if err := cg.write(filepath.Join(dir, file), v, "past this the OOM killer ends a process in the container"); err != nil {
			return err
		}
		// Without swap the hog cannot dodge the limit by paging out.
		if exists(filepath.Join(dir, swap)) {
			sv := v
			if strings.HasPrefix(swap, "memory.swap") {
				sv = "0"
			}
			cg.write(filepath.Join(dir, swap), sv, "no swap: the limit is the limit")
		}
	}
	if dir := cg.limitDir("pids"); l.Pids > 0 && dir != "" {
		if err := cg.write(filepath.Join(dir, "pids.max"), strconv.FormatInt(l.Pids, 10), "fork fails with EAGAIN past this many tasks"); err != nil {
			return err
		}
	}
	if dir := cg.limitDir("cpu"); l.CPUQuota > 0 && dir != "" {
		q, p := l.CPUQuota.Microseconds(), period.Microseconds()
		if ver, _ := cg.info.ControllerVersion("cpu"); ver == "v2" {
			return cg.write(filepath.Join(dir, "cpu.max"), fmt.Sprintf("%d %d", q, p), "this much CPU time per period, then throttled")
		}
		if err := cg.write(filepath.Join(dir, "cpu.cfs_period_us"), strconv.FormatInt(p, 10), "the accounting period"); err != nil {
			return err
		}
		return cg.write(filepath.Join(dir, "cpu.cfs_quota_us"), strconv.FormatInt(q, 10), "this much CPU time per period, then throttled")
	}
	return nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func (cg *cgroup) v2Dir() string {
	if cg.v2 == "" {
		return ""
	}
	return filepath.Join(cg.v2, initLeaf)
}

// openV2 opens the init's unified cgroup for clone3's CLONE_INTO_CGROUP.
func (cg *cgroup) openV2() (*os.File, bool, error) {
	if cg.v2 == "" {
		return nil, false, nil
	}
	f, err := os.Open(filepath.Join(cg.v2, initLeaf))
	if err != nil {
		return nil, false, fmt.Errorf("open cgroup: %w", err)
	}
	return f, true, nil
}

// payloadFiles opens what the init needs to put its children in payload/:
// the unified payload directory, for clone3, and each v1 payload's tasks
// file, to move its spawning thread into (v1 cgroups hold threads, and a
// child is born in its parent thread's cgroups). Opened here because the
// init cannot see /sys/fs/cgroup once it is in its own root.
func (cg *cgroup) payloadFiles() (v2 *os.File, v1 []*os.File, err error) {
	if cg.v2 != "" {
		if v2, err = os.Open(filepath.Join(cg.v2, payloadLeaf)); err != nil {
			return nil, nil, fmt.Errorf("open payload cgroup: %w", err)
		}
	}
	for _, c := range sortedKeys(cg.v1) {
		f, err := os.OpenFile(filepath.Join(cg.v1[c], payloadLeaf, "tasks"), os.O_WRONLY, 0)
		if err != nil {
			return v2, v1, fmt.Errorf("open payload cgroup: %w", err)
		}
		v1 = append(v1, f)
	}
	return v2, v1, nil
}

// delegate lets uid (the container's root, as the host numbers it) place
// processes in the container's unified cgroup: clone3 into a cgroup needs
// write access to cgroup.procs of the common ancestor of where the child is
// and where it goes, and in a user namespace root inside is not root here.
func (cg *cgroup) delegate(uid, gid int) error {
	if cg.v2 == "" {
		return nil
	}
	for _, p := range []string{cg.v2, filepath.Join(cg.v2, "cgroup.procs"), filepath.Join(cg.v2, payloadLeaf), filepath.Join(cg.v2, payloadLeaf, "cgroup.procs")} {
		err := os.Chown(p, uid, gid)
		var errno error = err
		if pe, ok := err.(*os.PathError); ok {
			errno = pe.Err
		}
		if err := cg.rec.record(fmt.Sprintf("chown(%q, %d, %d)", p, uid, gid), "delegate the cgroup to the container's root", 0, errno); err != nil {
			return fmt.Errorf("delegate cgroup: %w", err)
		}
	}
	return nil
}

// add moves the init into the v1 hierarchies; the unified one already has
// it from clone3. On v1 only that task moves, so this runs before the init
// starts anything.
func (cg *cgroup) add(pid int) error {
	if cg.v2 != "" {
		return nil // tracked by the unified hierarchy; see newCgroup
	}
	for _, c := range sortedKeys(cg.v1) {
		if err := cg.write(filepath.Join(cg.v1[c], initLeaf, "cgroup.procs"), strconv.Itoa(pid), "the init joins the container's "+c+" cgroup"); err != nil {
			return err
		}
	}
	return nil
}

// leaves returns every leaf directory of the container's cgroup.
func (cg *cgroup) leaves() []string {
	var out []string
	for _, d := range cg.tops() {
		out = append(out, filepath.Join(d, initLeaf), filepath.Join(d, payloadLeaf))
	}
	return out
}

func (cg *cgroup) tops() []string {
	var out []string
	if cg.v2 != "" {
		out = append(out, cg.v2)
	}
	for _, c := range sortedKeys(cg.v1) {
		out = append(out, cg.v1[c])
	}
	return out
}

// pids returns every process in the container's cgroup, in any hierarchy.
func (cg *cgroup) pids() ([]int, error) {
	return procsIn(cg.leaves())
}

func procsIn(dirs []string) ([]int, error) {
	seen := map[int]bool{}
	var out []int
	for _, d := range dirs {
		data, err := os.ReadFile(filepath.Join(d, "cgroup.procs"))
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return out, fmt.Errorf("list cgroup processes: %w", err)
		}
		for _, f := range strings.Fields(string(data)) {
			if n, err := strconv.Atoi(f); err == nil && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Ints(out)
	return out, nil
}

// kill ends every process in the container's cgroup, by pid, never by name.
func (cg *cgroup) kill() error {
	if cg == nil {
		return nil
	}
	return killCgroup(cg.leaves(), cg.info.HasKill && cg.v2 != "", cg.v2)
}

// killCgroup kills what is in dirs: with cgroup.kill at once, else (and
// to be sure) SIGKILL to each pid until they are empty.
func killCgroup(dirs []string, useKill bool, v2 string) error {
	if useKill {
		os.WriteFile(filepath.Join(v2, "cgroup.kill"), []byte("1"), 0)
	}
	deadline := time.Now().Add(3 * time.Second)
	for wait := 50 * time.Microsecond; ; wait = min(wait*2, 10*time.Millisecond) {
		pids, _ := procsIn(dirs)
		if len(pids) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes %v would not die", pids)
		}
		for _, p := range pids {
			unix.Kill(p, unix.SIGKILL)
		}
		time.Sleep(wait)
	}
}

// remove deletes the cgroup directories, leaves first, then burk's own
// parents when they are empty. The kernel refuses (EBUSY) while the last
// task is still leaving, so it retries briefly.
func (cg *cgroup) remove() error {
	if cg == nil {
		return nil
	}
	var errs []error
	for _, top := range cg.tops() {
		for _, dir := range []string{filepath.Join(top, initLeaf), filepath.Join(top, payloadLeaf), top} {
			err := rmdirRetry(dir)
			if dir == top {
				cg.rec.record(fmt.Sprintf("rmdir(%q)", dir), "", 0, err)
			}
			if err != nil && err != unix.ENOENT {
				errs = append(errs, fmt.Errorf("remove cgroup: %w", &os.PathError{Op: "rmdir", Path: dir, Err: err}))
			}
		}
		// burk/<instance> and burk/ are shared with other containers:
		// they go when nothing else uses them.
		inst := filepath.Dir(top)
		if unix.Rmdir(inst) == nil {
			unix.Rmdir(filepath.Dir(inst))
		}
	}
	return errors.Join(errs...)
}

func rmdirRetry(dir string) error {
	var err error
	deadline := time.Now().Add(time.Second)
	for wait := 50 * time.Microsecond; ; wait = min(wait*2, 10*time.Millisecond) {
		err = unix.Rmdir(dir)
		if err != unix.EBUSY || time.Now().After(deadline) {
			return err
		}
		time.Sleep(wait)
	}
}

// stats reads the container's cgroup files.
func (cg *cgroup) stats() (CgroupStats, error) {
	st := CgroupStats{Version: map[string]string{}, Dirs: map[string]string{}, Files: map[string]string{},
		Missing: cg.missing, MemoryMax: -1, PidsMax: -1, CPUQuota: -1}
	if cg.v2 != "" {
		st.Dirs["unified"] = cg.v2
	}
	if cg.limits.IsZero() {
		return st, nil
	}
	read := func(path string) string {
		data, err := os.ReadFile(path)
		if err != nil {
			return ""
		}
		s := strings.TrimSpace(string(data))
		st.Files[path] = s
		return s
	}
	num := func(s string) int64 {
		if s == "max" {
			return -1
		}
		n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		return n
	}
	for _, c := range cg.limits.needs() {
		v, ok := cg.info.ControllerVersion(c)
		if !ok {
			continue
		}
		st.Version[c] = v
		dir := cg.limitDir(c)
		st.Dirs[c] = dir
		switch {
		case c == "memory" && v == "v2":
			st.MemoryMax = num(read(filepath.Join(dir, "memory.max")))
			st.MemoryCurrent = num(read(filepath.Join(dir, "memory.current")))
			st.MemoryPeak = num(read(filepath.Join(dir, "memory.peak")))
			st.OOMKills = keyed(read(filepath.Join(dir, "memory.events")), "oom_kill")
		case c == "memory":
			st.MemoryMax = num(read(filepath.Join(dir, "memory.limit_in_bytes")))
			st.MemoryCurrent = num(read(filepath.Join(dir, "memory.usage_in_bytes")))
			st.MemoryPeak = num(read(filepath.Join(dir, "memory.max_usage_in_bytes")))
			st.OOMKills = keyed(read(filepath.Join(dir, "memory.oom_control")), "oom_kill")
		case c == "pids":
			st.PidsMax = num(read(filepath.Join(dir, "pids.max")))
			st.PidsCurrent = num(read(filepath.Join(dir, "pids.current")))
			st.PidsMaxHits = keyed(read(filepath.Join(dir, "pids.events")), "max")
		case c == "cpu" && v == "v2":
			f := strings.Fields(read(filepath.Join(dir, "cpu.max")))
			if len(f) == 2 {
				st.CPUQuota = time.Duration(num(f[0])) * time.Microsecond
				st.CPUPeriod = time.Duration(num(f[1])) * time.Microsecond
			}
			stat := read(filepath.Join(dir, "cpu.stat"))
			st.NrPeriods, st.NrThrottled = keyed(stat, "nr_periods"), keyed(stat, "nr_throttled")
			st.ThrottledTime = time.Duration(keyed(stat, "throttled_usec")) * time.Microsecond
		case c == "cpu":
			q := num(read(filepath.Join(dir, "cpu.cfs_quota_us")))
			if q >= 0 {
				st.CPUQuota = time.Duration(q) * time.Microsecond
			}
			st.CPUPeriod = time.Duration(num(read(filepath.Join(dir, "cpu.cfs_period_us")))) * time.Microsecond
			stat := read(filepath.Join(dir, "cpu.stat"))
			st.NrPeriods, st.NrThrottled = keyed(stat, "nr_periods"), keyed(stat, "nr_throttled")
			st.ThrottledTime = time.Duration(keyed(stat, "throttled_time"))
		}
	}
	return st, nil
}

// keyed reads "key value" lines such as memory.events or cpu.stat.
func keyed(text, key string) int64 {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == key {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// instanceID names a burk process by its pid and start time, so that a
// reused pid is never mistaken for the burk that died.
func instanceID(pid int) (string, error) {
	start, err := startTime(pid)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d-%d", pid, start), nil
}

// startTime is field 22 of /proc/PID/stat: when the process started, in
// clock ticks since boot.
func startTime(pid int) (uint64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(data)
	// The command name may hold spaces and parentheses: skip past the last ')'.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("malformed /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 20 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	return strconv.ParseUint(f[19], 10, 64)
}

// instanceAlive reports whether the burk that owns an instance id still runs.
func instanceAlive(id string) bool {
	pidStr, startStr, ok := strings.Cut(id, "-")
	if !ok {
		return false
	}
	pid, err1 := strconv.Atoi(pidStr)
	start, err2 := strconv.ParseUint(startStr, 10, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	now, err := startTime(pid)
	return err == nil && now == start
}

// recoverCgroups kills the processes of every dead instance's cgroups and
// removes them. Live instances are never touched.
func recoverCgroups(info CgroupInfo) ([]string, error) {
	var roots []string
	if info.V2Root != "" {
		roots = append(roots, filepath.Join(info.V2Root, "burk"))
	}
	seen := map[string]bool{}
	for _, c := range sortedKeys(info.V1) {
		r := filepath.Join(info.V1[c], "burk")
		if !seen[r] {
			seen[r] = true
			roots = append(roots, r)
		}
	}
	var removed []string
	var errs []error
	for _, root := range roots {
		instances, err := os.ReadDir(root)
		if err != nil {
			continue
		}
		for _, inst := range instances {
			if !inst.IsDir() || instanceAlive(inst.Name()) {
				continue
			}
			instDir := filepath.Join(root, inst.Name())
			// Every directory below the instance, deepest first.
			var dirs []string
			filepath.WalkDir(instDir, func(p string, d os.DirEntry, err error) error {
				if err == nil && d.IsDir() && p != instDir {
					dirs = append(dirs, p)
				}
				return nil
			})
			sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
			pids, _ := procsIn(dirs)
			if err := killCgroup(dirs, false, ""); err != nil {
				errs = append(errs, err)
				continue
			}
			for _, p := range pids {
				removed = append(removed, fmt.Sprintf("process %d (in %s)", p, instDir))
			}
			for _, dir := range dirs {
				if err := rmdirRetry(dir); err != nil {
					errs = append(errs, fmt.Errorf("remove cgroup %s: %w", dir, err))
				}
			}
			if unix.Rmdir(instDir) == nil {
				removed = append(removed, "cgroup "+instDir)
			}
		}
		unix.Rmdir(root)
	}
	return removed, errors.Join(errs...)
}
