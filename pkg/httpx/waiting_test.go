package httpx

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a terminal's stderr, written from the note's timer.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A request still unanswered after WaitingAfter says so on the terminal
// (an act's note says what Ctrl-C would leave), and the line is erased
// when the answer comes; an answer that comes sooner shows nothing.
func TestWaitingNoteForASlowAnswerIsErasedWhenItComes(t *testing.T) {
	old := WaitingAfter
	WaitingAfter = 50 * time.Millisecond
	defer func() { WaitingAfter = old }()
	var delay time.Duration
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	send := func(call Call) string {
		var stderr lockedBuffer
		c := NewClient(Options{Waiting: &stderr})
		req, _ := http.NewRequestWithContext(WithCall(context.Background(), call), http.MethodPost, srv.URL, strings.NewReader("{}"))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return stderr.String()
	}
	delay = 300 * time.Millisecond
	got := send(Call{Provider: "ebao", Operation: "issuance", Acts: true})
	if got != "waiting for the answer to ebao issuance (Ctrl-C now leaves its outcome unknown)...\r\x1b[K" {
		t.Errorf("an act's slow answer: %q", got)
	}
	if got := send(Call{Provider: "paoding", Operation: "report.get"}); got != "waiting for the answer to paoding report.get...\r\x1b[K" {
		t.Errorf("a read's slow answer: %q", got)
	}
	delay = 0
	if got := send(Call{Provider: "paoding", Operation: "report.get"}); got != "" {
		t.Errorf("a quick answer: %q", got)
	}
}
