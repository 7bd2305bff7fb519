//go:build unix

package config

import (
	"fmt"
	"os"
	"syscall"
)

// ownerWarning is a warning when the file belongs to another user (not
// root): that user can rewrite it, and so point the endpoints at a server
// of theirs that receives your signed requests and tokens. A rewrite by
// insure replaces the file with one of yours.
func ownerWarning(path string, st os.FileInfo) string {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok || int(sys.Uid) == os.Geteuid() || sys.Uid == 0 {
		return ""
	}
	return fmt.Sprintf("%s belongs to another user (uid %d), who can change where your requests go: run chown %d %s, or use a file of your own (--config)",
		path, sys.Uid, os.Geteuid(), path)
}
