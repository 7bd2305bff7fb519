// Package build holds values set at link time by -ldflags
// (see .goreleaser.yaml).
package build

var (
	Version = "dev"
	Commit  = "none"
	Date    = "unknown"
)
