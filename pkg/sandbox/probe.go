package sandbox

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"time"
)

// DefaultAddr is where `insure sandbox serve` listens unless told.
const DefaultAddr = "127.0.0.1:8790"

// Answers reports whether an insure sandbox server answers at url (its
// root page names it), within a second.
func Answers(ctx context.Context, url string) bool {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(url, "/")+"/", nil)
	if err != nil {
		return false
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64))
	return strings.HasPrefix(string(b), "insure sandbox")
}

// StatePrefix starts the root page's line naming the state a server
// serves: an absolute directory, or "memory".
const StatePrefix = "state: "

// AbsDir is dir as servers name it: absolute, links resolved where they
// can be, so two spellings of one directory compare equal.
func AbsDir(dir string) string {
	if a, err := filepath.Abs(dir); err == nil {
		dir = a
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	return dir
}

// ServedState reports whether an insure sandbox server answers at url and
// the state it names on its root page ("" when it names none: a server
// from before the page said).
func ServedState(ctx context.Context, url string) (answers bool, state string) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(url, "/")+"/", nil)
	if err != nil {
		return false, ""
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false, ""
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(io.LimitReader(resp.Body, 64<<10))
	for first := true; sc.Scan(); first = false {
		line := sc.Text()
		if first && !strings.HasPrefix(line, "insure sandbox") {
			return false, ""
		}
		answers = true
		if s, ok := strings.CutPrefix(line, StatePrefix); ok {
			state = s
		}
	}
	return answers, state
}
