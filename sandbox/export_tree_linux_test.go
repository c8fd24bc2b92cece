package sandbox

// The two ways to find a process tree, for their test in sandbox_test.

var (
	AllPIDs               = allPIDs
	ProcessTreeByChildren = processTreeByChildren
	ProcessTreeByScan     = processTreeByScan
)
