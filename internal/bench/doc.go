// Package bench holds nothing but the benchmarks that scripts/bench runs:
// burk's speed measured side by side with its peers on this machine, in
// interleaved rounds, so that the ratios hold however busy the machine is.
package bench
