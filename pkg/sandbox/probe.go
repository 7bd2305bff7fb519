package sandbox

import (
	"context"
	"io"
	"net/http"
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
