// Package examples embeds the request files under this folder so that
// `insure example PROVIDER OPERATION` prints the same files the README and
// the tests use.
package examples

import "embed"

// FS holds every provider folder.
//
//go:embed *
var FS embed.FS
