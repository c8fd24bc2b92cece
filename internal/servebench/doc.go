// Command servebench measures burk serve on this machine, as a room uses
// it: learners who walk the tour at once, and a learner beside a session
// that runs a fork bomb and a memory hog. Every figure is a step's time as
// the learner's ssh client sees it (from asking to the step's text
// arriving), and every ratio is of two medians from the same rounds: on a
// machine others share, only a ratio measured side by side holds.
// scripts/bench-serve builds burk and a root filesystem and runs it.
package main
