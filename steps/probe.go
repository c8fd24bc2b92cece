package steps

// Probe is one view a step shows. (Placeholder: the step engine defines it.)
type Probe struct {
	ID    string
	Title Text
}

// Claim is a sentence about the kernel plus a check on the observation.
// (Placeholder: the step engine defines it.)
type Claim struct {
	Text Text
}
