//go:build !unix

package cmdutil

// IgnoreSIGPIPE does nothing where there is no SIGPIPE: a write to a
// closed pipe already fails with an error.
func IgnoreSIGPIPE() {}
