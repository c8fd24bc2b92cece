//go:build !unix

package stage

// alive cannot ask elsewhere: a file is taken for a running tour, and the
// tour removes it when it ends.
func alive(pid int) bool { return pid > 0 }
