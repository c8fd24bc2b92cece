package cli

import "testing"

// Every command takes --lang.
func TestEveryCommandTakesLang(t *testing.T) {
	for _, c := range newRootCommand().Commands() {
		if c.Flag("lang") == nil && c.InheritedFlags().Lookup("lang") == nil {
			t.Errorf("burk %s has no --lang", c.Name())
		}
	}
}
