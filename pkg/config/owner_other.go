//go:build !unix

package config

import "os"

// ownerWarning: file ownership is checked on Unix only.
func ownerWarning(string, os.FileInfo) string { return "" }
