//go:build unix

package iostreams

import (
	"os"

	"golang.org/x/sys/unix"
)

// inBackground says whether this process runs in the background of the
// terminal f is: its process group is not the terminal's foreground group
// (started with & from an interactive shell), so Ctrl-C typed there does
// not reach it.
func inBackground(f *os.File) bool {
	fg, err := unix.IoctlGetInt(int(f.Fd()), unix.TIOCGPGRP)
	return err == nil && fg != unix.Getpgrp()
}
