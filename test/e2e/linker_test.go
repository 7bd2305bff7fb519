package e2e

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLinkerDropsUncalledMethods asks the linker, through -dumpdep, whether
// anything in insure calls methods by a name known only at run time
// (reflect's Method and MethodByName, as text/template's executor does).
// One such call anywhere makes the linker keep every exported method of
// every reachable type: 3 MB more binary and a slower start for every
// command (docs/performance.md). --template and the Bihu sandbox's pages
// use the method-less fork of the template packages; this catches a
// dependency or a change that brings the stdlib's back.
func TestLinkerDropsUncalledMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("links insure once more")
	}
	cmd := exec.Command("go", "build", "-ldflags=-dumpdep", "-o", os.DevNull, "github.com/insurekit/insure/cmd/insure")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("go build -ldflags=-dumpdep: %v\n%s", err, tail(out.String(), 2000))
	}
	// Each line is "from -> to"; the linker marks a function that calls
	// methods by name <ReflectMethod>. The lines reaching one show who
	// brought it in.
	var culprits []string
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		from, to, ok := strings.Cut(sc.Text(), " -> ")
		if ok && strings.Contains(to, "<ReflectMethod>") && !strings.Contains(from, "<ReflectMethod>") {
			culprits = append(culprits, sc.Text())
		}
	}
	if len(culprits) > 0 {
		if len(culprits) > 20 {
			culprits = culprits[:20]
		}
		t.Errorf("insure links a call of methods by name, so the linker keeps every exported method; reached from:\n%s",
			strings.Join(culprits, "\n"))
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
