package i18n

// What some claims and views saw: how many capabilities the host's burk
// holds of the kernel's, the hostname claim's three parts, and where the
// chroot escape ended beside the rootfs and the host's /.
func init() {
	extend(sv, map[string]string{
		"  = %d capabilities": "  = %d capabilities",
		"  = %d of this kernel's %d capabilities (missing: %s)": "  = %d av den här kärnans %d capabilities (saknas: %s)",

		"hostname now: %s":                           "värdnamnet nu: %s",
		"hostname succeeded":                         "hostname lyckades",
		"CapEff lacks CAP_SYS_ADMIN":                 "CapEff saknar CAP_SYS_ADMIN",
		"CapEff still has CAP_SYS_ADMIN":             "CapEff har kvar CAP_SYS_ADMIN",
		"%s; %s; the hostname inside afterwards: %q": "%s; %s; värdnamnet inuti efteråt: %q",

		"memory.limit_in_bytes %d bytes, pids.max %d": "memory.limit_in_bytes %d byte, pids.max %d",

		"the mount's root: inode %s": "monteringens rot: inod %s",
		"%s: inode %d":               "%s: inod %d",
		"%d entries inside, %d in %s on the host; the same: %s; the mount's root is inode %s, the container's cgroup on the host inode %d": "%d poster i containern, %d i %s på värden; desamma: %s; monteringens rot är inod %s, containerns cgroup på värden inod %d",

		"Without making / private, the proc mount leaks to the host exactly when the mount holding the rootfs is shared.":                               "Utan att göra / privat läcker proc-monteringen till värden om och bara om monteringen som rymmer rotfilsystemet är delad.",
		"the mount holding the rootfs, %s, is %s here, so the container's proc mount leaked to the host":                                                "monteringen som rymmer rotfilsystemet, %s, är %s här, så containerns proc-montering läckte till värden",
		"the mount holding the rootfs, %s, is %s here, so nothing leaked, even without making / private: the host saw no proc mount of the container's": "monteringen som rymmer rotfilsystemet, %s, är %s här, så ingenting läckte, fast / inte gjordes privat: värden såg ingen proc-montering från containern",
		"the mount holding the rootfs, %s, is %s; the proc mount leaked: %s":                                                                            "monteringen som rymmer rotfilsystemet, %s, är %s; proc-monteringen läckte: %s",

		"the escape reached dev %d inode %d (%v); the rootfs is dev %d inode %d, the host's / dev %d inode %d": "utbrytningen nådde enhet %d inod %d (%v); rotfilsystemet är enhet %d inod %d, värdens / enhet %d inod %d",
	})
}
