package config

import (
	"fmt"
	"io/fs"
	"strings"
)

// ModeExposure says who besides the owner the permission bits perm let at
// a config file, and what that risks, for the warning that asks for chmod
// 600: "readable by its group (mode 0640); it may hold secrets". It names
// the classes the mode really opens (its group, others, or both), since
// "readable by others" for 0640 sends a user looking for a problem that
// is not there. Empty when only the owner has access.
func ModeExposure(perm fs.FileMode) string {
	perm = perm.Perm()
	if perm&0o077 == 0 {
		return ""
	}
	// Each right is listed with the classes that have it: 0664 is
	// "readable by its group and others, writable by its group".
	var parts []string
	readable, writable := false, false
	for _, r := range []struct {
		word  string
		group fs.FileMode
		other fs.FileMode
	}{{"readable", 0o040, 0o004}, {"writable", 0o020, 0o002}, {"executable", 0o010, 0o001}} {
		var who []string
		if perm&r.group != 0 {
			who = append(who, "its group")
		}
		if perm&r.other != 0 {
			who = append(who, "others")
		}
		if len(who) == 0 {
			continue
		}
		parts = append(parts, r.word+" by "+strings.Join(who, " and "))
		readable = readable || r.word == "readable"
		writable = writable || r.word == "writable"
	}
	risk := "only its owner should have access to it"
	switch {
	case readable && writable:
		risk = "it may hold secrets, and a writer could change where your requests go"
	case readable:
		risk = "it may hold secrets"
	case writable:
		risk = "a writer could change where your requests go"
	}
	return fmt.Sprintf("%s (mode %04o); %s", strings.Join(parts, ", "), uint32(perm), risk)
}

// ModeWarning is the load warning for a config file at path whose mode
// exposure (ModeExposure) is not empty. doctor reports the mode as a check
// of its own and leaves this warning out of its list.
func ModeWarning(path, exposure string) string {
	return fmt.Sprintf("%s is %s: run chmod 600 %s", path, exposure, path)
}
