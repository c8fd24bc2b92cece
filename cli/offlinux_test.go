package cli

import (
	"strings"
	"testing"

	"github.com/burk-tui/burk/internal/i18n"
)

// Off Linux, burk says how to get the live tour: a command for each of the
// usual Linux VMs, and how to build burk for it.
func TestHowToGoLiveNamesEveryVM(t *testing.T) {
	for _, lang := range i18n.Langs {
		cliLang = lang
		var b strings.Builder
		howToGoLive(&b)
		said := b.String()
		for _, want := range []string{"GOOS=linux go build -o burk-linux .", "sudo ./burk-linux",
			"limactl start --name=burk template://debian-12", "orb create debian burk", "multipass launch --name burk",
			"multipass transfer burk-linux burk:", "utmctl start", "wsl --install -d Debian"} {
			if !strings.Contains(said, want) {
				t.Errorf("%s: howToGoLive does not say %q:\n%s", lang, want, said)
			}
		}
	}
	cliLang = i18n.English
}

// A command that starts containers says it needs Linux, and how to get it.
func TestNeedsLinux(t *testing.T) {
	cmd := needsLinux("doctor", i18n.T("Say what this machine allows, and how to fix what it doesn't"))
	var stderr strings.Builder
	cmd.SetErr(&stderr)
	err := cmd.RunE(cmd, []string{"--stage"})
	if err == nil || !strings.Contains(err.Error(), "burk doctor needs Linux") {
		t.Errorf("needsLinux: %v", err)
	}
	if !strings.Contains(stderr.String(), "limactl") {
		t.Errorf("needsLinux does not say how to get Linux: %q", stderr.String())
	}
}
