//go:build linux

package build

import (
	"context"
	"testing"
)

// BenchmarkCheckStage is what burk build check takes for one stage, the
// build of the learner's module included (with a warm build cache, as
// when a learner checks again after an edit): the reference up to the
// stage, checked on it.
//
//	/work/testlock go test -run '^$' -bench CheckStage -benchtime 3x ./build
func BenchmarkCheckStage(b *testing.B) {
	for _, st := range Stages() {
		b.Run(st.ID, func(b *testing.B) {
			dir := moduleOf(b, st.N)
			c := checker(b, "")
			c.ReadyTimeout = 0
			for b.Loop() {
				bin, clean, err := BuildModule(context.Background(), dir)
				if err != nil {
					b.Fatal(err)
				}
				c.Binary = bin
				res, err := c.Check(context.Background(), []*Stage{st})
				clean()
				if err != nil || !res[0].Passed() {
					b.Fatalf("stage %d: %v %v", st.N, err, describe(res[0]))
				}
			}
		})
	}
}
