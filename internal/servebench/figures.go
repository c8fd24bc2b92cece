package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// stepsOf lists the steps in the order the first walk showed them.
func stepsOf(walks []walk) []string {
	for _, w := range walks {
		if len(w.steps) > 0 {
			return w.steps
		}
	}
	return nil
}

// times are one step's times over walks, in ms.
func times(walks []walk, step string) []float64 {
	var t []float64
	for _, w := range walks {
		if d, ok := w.took[step]; ok {
			t = append(t, float64(d)/float64(time.Millisecond))
		}
	}
	return t
}

func median(x []float64) float64 { return quantile(x, 0.5) }

func quantile(x []float64, q float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}

// table prints each step's median under base and under load, and their
// ratio; it returns the worst ratio, and the whole tour's (the sums of the
// steps' medians) with its time under base.
func table(base, load []walk, baseName, loadName string, target float64) (worst, tour, baseMs float64) {
	fmt.Printf("%6s %10s %12s %8s %8s\n", "step", baseName, loadName, "ratio", "p90")
	var sumBase, sumLoad float64
	for _, step := range stepsOf(base) {
		b, l := median(times(base, step)), median(times(load, step))
		sumBase, sumLoad = sumBase+b, sumLoad+l
		if b < minStep {
			fmt.Printf("%6s %10.0f %12.0f %8s %8s  (came with the step before: no ratio)\n", step, b, l, "-", "-")
			continue
		}
		x := l / b
		worst = max(worst, x)
		mark := ""
		if x > target {
			mark = "  over"
		}
		fmt.Printf("%6s %10.0f %12.0f %7.2fx %7.2fx%s\n", step, b, l, x, quantile(times(load, step), 0.9)/b, mark)
	}
	fmt.Printf("%6s %10.0f %12.0f %7.2fx\n", "tour", sumBase, sumLoad, sumLoad/sumBase)
	return worst, sumLoad / sumBase, sumBase
}

// minStep is the shortest step time alone, in ms, that a ratio is taken
// of: on a busy machine the client may read two steps' text at once, and
// the second's time is then nothing, not a step's work.
const minStep = 1.0

// p90Worst is the worst step's 90th percentile under load against its
// median alone.
func p90Worst(base, load []walk) float64 {
	worst := 0.0
	for _, step := range stepsOf(base) {
		if b := median(times(base, step)); b >= minStep {
			worst = max(worst, quantile(times(load, step), 0.9)/b)
		}
	}
	return worst
}

// cpuTimes are /proc/stat's first line: all CPUs' busy and total ticks.
type cpuTimes struct{ busy, total float64 }

func readCPU() cpuTimes {
	data, _ := os.ReadFile("/proc/stat")
	line, _, _ := strings.Cut(string(data), "\n")
	var c cpuTimes
	for i, f := range strings.Fields(line)[1:] {
		v, _ := strconv.ParseFloat(f, 64)
		c.total += v
		if i != 3 && i != 4 { // idle, iowait
			c.busy += v
		}
	}
	return c
}

// busySince is the share of all CPUs' time that was busy since before.
func (c cpuTimes) busySince(before cpuTimes) float64 {
	if c.total == before.total {
		return 0
	}
	return (c.busy - before.busy) / (c.total - before.total)
}

func cpus() int { return runtime.NumCPU() }

func kernel() string {
	var u unix.Utsname
	unix.Uname(&u)
	return "Linux " + unix.ByteSliceToString(u.Release[:])
}
