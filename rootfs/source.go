package rootfs

// BuiltFrom says what the root filesystem in dir was built from — FromHost,
// FromBusybox, or a tarball's path — or "" when burk did not build it.
func BuiltFrom(dir string) Source {
	source, _ := readMarker(dir)
	return source
}
