package steps

import (
	"github.com/burk-tui/burk/internal/i18n"
	"github.com/burk-tui/burk/sandbox"
)

// What each step shows and claims. Every step shows processes, mounts and
// the hostname; a step adds the views its namespace or feature changes.

// baseProbes are shown at every step.
var baseProbes = []*Probe{probePS, probeMount, probeHostname}

// stepContent is the probes, claims and "break it" variant of each step,
// by id; kept beside the probes and claims it names.
var stepContent = map[string]struct {
	probes []*Probe
	claims []Claim
	brk    *Variant
}{
	"process": {
		probes: []*Probe{probeNamespaces},
		claims: []Claim{claimSharesNamespaces, claimSameHostname},
	},
	"chroot": {
		probes: []*Probe{probeEscape},
		claims: []Claim{claimRootIsRootfs, claimPSFails, claimEscapeWorks},
	},
	"proc": {
		claims: []Claim{claimPSListsHost, claimProcLeaks},
	},
	"mount-ns": {
		probes: []*Probe{probeNamespaces},
		claims: []Claim{claimProcPrivate, claimNewNamespace("mnt", i18n.T("The container has a mount namespace of its own."))},
		brk: &Variant{
			Title:  i18n.T("without making / private"),
			Claims: []Claim{claimPropagationBreak},
		},
	},
	"pid-ns": {
		probes: []*Probe{probeNamespaces},
		claims: []Claim{claimPID1, claimOnlyOwnProcesses, claimOtherPIDOutside},
		brk: &Variant{
			Title:  i18n.T("with the host's /proc"),
			Probes: []*Probe{probeProcDir},
			Claims: []Claim{claimHostProcLeaks},
		},
	},
	"uts-ns": {
		claims: []Claim{claimOwnHostname, claimHostHostnameUnchanged},
	},
	"ipc-ns": {
		probes: []*Probe{probeIPC},
		claims: []Claim{claimQueueHidden, claimNewNamespace("ipc", i18n.T("The container has an IPC namespace of its own."))},
	},
	"net-ns": {
		probes: []*Probe{probeNet},
		claims: []Claim{claimOnlyLoopback, claimNewNamespace("net", i18n.T("The container has a network namespace of its own."))},
	},
	"user-ns": {
		probes: []*Probe{probeID},
		claims: []Claim{claimRootInside, claimUnprivilegedOutside},
	},
	"cgroups": {
		probes: []*Probe{probeCgroup},
		claims: []Claim{claimOOMKilled, claimPidsMax, claimThrottled},
	},
	"pivot-root": {
		probes: []*Probe{probeEscape},
		claims: []Claim{claimEscapeFails},
	},
	"hardening": {
		probes: []*Probe{probeCaps},
		claims: []Claim{claimCapsDropped, claimNoNewPrivs, claimNoSysAdmin, claimSealed},
	},
}

func init() {
	for _, s := range all {
		c, ok := stepContent[s.ID]
		if !ok {
			panic("steps: no probes or claims for step " + s.ID)
		}
		s.Probes = append(append([]*Probe{}, baseProbes...), c.probes...)
		s.Claims = c.claims
		s.Break = c.brk
	}
	// The mount-ns break keeps / shared: mounts propagate where the host's
	// / is a shared mount.
	if b := stepContent["mount-ns"].brk; b != nil {
		b.Apply = func(s *sandbox.Spec) { s.KeepSharedRoot = true }
	}
	// The pid-ns break binds the host's /proc in place of a new one: the
	// PID namespace is there, but ps reads the host's processes.
	if b := stepContent["pid-ns"].brk; b != nil {
		b.Apply = func(s *sandbox.Spec) { s.HostProc = true }
	}
}

// HasBreak reports whether the step has a "break it" variant.
func (s *Step) HasBreak() bool { return s.Break != nil }
