//go:build !unix

package iostreams

import "os"

// inBackground cannot tell on this platform.
func inBackground(*os.File) bool { return false }
