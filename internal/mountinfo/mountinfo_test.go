package mountinfo

import (
	"slices"
	"testing"
)

// Lines in the kernel's own format, from proc(5) and a systemd host.
const table = `22 27 0:21 / /proc rw,relatime shared:12 - proc proc rw
27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro
36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
40 27 0:40 / /srv/a\040b\134c rw shared:3 master:2 - tmpfs tmpfs rw,size=64k
41 40 0:41 / /srv/a\040b\134c/proc rw - proc proc rw
`

func TestParse(t *testing.T) {
	mounts, err := Parse([]byte(table))
	if err != nil {
		t.Fatal(err)
	}
	if len(mounts) != 5 {
		t.Fatalf("got %d mounts, want 5", len(mounts))
	}
	m := mounts[2]
	if m.ID != 36 || m.ParentID != 35 || m.Root != "/mnt1" || m.MountPoint != "/mnt2" || m.Options != "rw,noatime" ||
		m.Propagation != "master:1" || m.FSType != "ext3" || m.Source != "/dev/root" || m.SuperOptions != "rw,errors=continue" {
		t.Errorf("mount 36 = %+v", m)
	}
	if got := mounts[3].MountPoint; got != `/srv/a b\c` {
		t.Errorf("escaped mount point = %q, want the space and backslash back", got)
	}
	if got := mounts[3].Propagation; got != "shared:3 master:2" {
		t.Errorf("propagation = %q", got)
	}
	if !mounts[4].Private() || mounts[0].Private() {
		t.Errorf("Private: %v %v", mounts[4].Private(), mounts[0].Private())
	}
}

func TestParseRefusesWhatIsNotMountinfo(t *testing.T) {
	for _, bad := range []string{"22 27 0:21 / /proc rw", "1 2 - x"} {
		if _, err := Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%q) accepted it", bad)
		}
	}
}

func TestUnder(t *testing.T) {
	mounts, _ := Parse([]byte(table))
	var got []string
	for _, m := range Under(mounts, `/srv/a b\c/`) {
		got = append(got, m.MountPoint)
	}
	if want := []string{`/srv/a b\c`, `/srv/a b\c/proc`}; !slices.Equal(got, want) {
		t.Errorf("Under = %q, want %q", got, want)
	}
	if n := len(Under(mounts, "/")); n != len(mounts) {
		t.Errorf("Under(/) = %d mounts, want all %d", n, len(mounts))
	}
	if n := len(Under(mounts, "/pro")); n != 0 {
		t.Errorf("Under(/pro) matched %d mounts: a prefix of a name is not a parent", n)
	}
}

func TestReadSelf(t *testing.T) {
	mounts, err := Read(0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(mounts, func(m Mount) bool { return m.MountPoint == "/" }) {
		t.Error("this process's mount table has no /")
	}
}
