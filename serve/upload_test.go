package serve

import "testing"

// What a client names is an upload's name only when it is a plain name:
// scp -t's target when it names one, else the file's own.
func TestUploadTarget(t *testing.T) {
	for _, tc := range []struct {
		target, sent, want string
		ok                 bool
	}{
		{".", "rt", "rt", true},
		{"", "rt", "rt", true},
		{"runtime", "rt", "runtime", true},
		{"../escaped", "rt", "", false},
		{"/etc/passwd", "rt", "", false},
		{"a/b", "rt", "", false},
		{".", "..", "", false},
		{".", ".profile", "", false},
		{"..", "rt", "", false},
		{".", "rt\n", "", false},
	} {
		got, ok := uploadTarget(tc.target, tc.sent)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("uploadTarget(%q, %q) = %q, %v; want %q, %v", tc.target, tc.sent, got, ok, tc.want, tc.ok)
		}
	}
}
