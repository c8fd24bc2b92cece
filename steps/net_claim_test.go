package steps

import (
	"reflect"
	"testing"

	"github.com/burk-tui/burk/sandbox"
)

// The net-ns claim on the ip -o link lines a new network namespace shows:
// lo alone, lo with the fallback tunnels of loaded tunnel modules (seen in
// the VM tests with ipip and sit), and with a host's interface, which must
// never pass.
func TestOnlyLoopbackAcceptsFallbackTunnelsOnly(t *testing.T) {
	lo := "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
	tunl := "2: tunl0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT qlen 1000\\    link/ipip 0.0.0.0 brd 0.0.0.0\n"
	sit := "3: sit0@NONE: <NOARP> mtu 1480 qdisc noop state DOWN mode DEFAULT qlen 1000\\    link/sit 0.0.0.0 brd 0.0.0.0\n"
	eth := "4: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP mode DEFAULT qlen 1000\\    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n"
	for _, tc := range []struct {
		out  string
		want bool
	}{
		{lo, true},
		{lo + tunl + sit, true},
		{tunl, false},
		{lo + eth, false},
		{lo + tunl + eth, false},
		{"", false},
	} {
		ev := &evidence{probes: map[reflect.Type]any{reflect.TypeFor[netSeen](): &netSeen{Inside: sandbox.ExecResult{Stdout: tc.out}}}}
		r := claimOnlyLoopback.result(ev)
		got, seen := r.Held, r.Seen
		if got != tc.want {
			t.Errorf("claim on %q = %v (%s), want %v", tc.out, got, seen, tc.want)
		}
	}
}
