// Command gen regenerates completions/, docs/commands/ and docs/man/ from
// the command tree. Run it with `go generate ./...`.
package main

import (
	"fmt"
	"os"

	"github.com/insurekit/insure/internal/gen"
)

func main() {
	repo := "."
	if len(os.Args) > 1 {
		repo = os.Args[1]
	}
	if err := gen.Write(repo); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
