//go:build !unix

package store

// processStart is unknown on this platform.
func processStart(int) string { return "" }

// processAlive cannot tell on this platform: a holder keeps the lock until
// its lease runs out unless it releases it.
func processAlive(int, string) bool { return true }
