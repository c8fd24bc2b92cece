package record

import _ "embed"

// shipped is the tour recorded on Linux by scripts/record, built into
// every burk: what burk shows off Linux. Never edit it by hand: run
// scripts/record (as root, on Linux) when a step changes —
// TestShippedMatchesTheSteps says when.
//
//go:embed tour.json
var shipped []byte

// ShippedFile is where the built-in recording comes from in the source.
const ShippedFile = "record/tour.json"

// Shipped is the recording built into burk.
func Shipped() (*Recording, error) {
	return Parse(shipped, "the recording built into burk ("+ShippedFile+")")
}
