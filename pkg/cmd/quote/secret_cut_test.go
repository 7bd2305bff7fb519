package quote

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
)

// A gateway answering 400 with text that pads and then echoes the secret
// key: the message quoted its first 200 characters, cut through the key,
// and the start of the key was printed and journalled, since the maskers
// after the cut look for whole secrets. Nothing of the key shows anywhere.
func TestAnEchoedKeyCutShortIsNotShown(t *testing.T) {
	const key = "SEKRETebao7777zz"
	for _, pad := range []int{186, 190, 195} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(strings.Repeat("x", pad) + key + " was the key you sent"))
		}))
		t.Cleanup(srv.Close)
		e := cmdtest.New(t, cmdtest.Options{})
		e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
			"endpoint": srv.URL, "access-key": "AK", "secret-key": key, "channel-code": "AXA_TP", "product-id": "UbwoOpjMjt:1"}}}
		e.F.Globals.Profile = "staging"
		err := run(e, "--provider", "ebao", "-f", example)
		if cmdutil.ExitCode(err) != 4 {
			t.Fatalf("pad %d: exit %d (%v)", pad, cmdutil.ExitCode(err), err)
		}
		cmdutil.PrintError(e.F.IOStreams, err, true)
		var journal strings.Builder
		if err := e.Store.EachHistory(t.Context(), store.JournalFilter{}, true, func(je *store.JournalEntry) error {
			b, _ := json.Marshal(je)
			journal.Write(b)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		for where, text := range map[string]string{"stdout": e.Out.String(), "stderr": e.ErrOut.String(), "journal": journal.String()} {
			if strings.Contains(text, key[:5]) {
				t.Errorf("pad %d: %s shows the key's start:\n%s", pad, where, text)
			}
		}
		if !strings.Contains(e.Out.String()+e.ErrOut.String(), "xxxx") {
			t.Errorf("pad %d: the server's text is not quoted at all:\n%s%s", pad, e.Out, e.ErrOut)
		}
	}
}

// An answer written by an ASCII-only JSON encoder (Python's default,
// Jackson's ESCAPE_NON_ASCII) echoing a key that mixes HTML characters
// with non-ASCII ones: its unknown member is kept as raw JSON, and written
// again with < escaped too (abcd\u003c\u5bc6), a form the stdout masker
// did not know.
func TestAnEchoedKeyInAnASCIIOnlyAnswerIsMaskedInJSON(t *testing.T) {
	for _, key := range []string{"abcd<密钥99", "pässwörd<99", "密钥&abcd99", `abcd>"密钥Q9`} {
		ascii, _ := json.Marshal(key)
		var esc strings.Builder
		for _, r := range string(ascii) {
			if r > 0x7e {
				fmt.Fprintf(&esc, `\u%04x`, r)
			} else {
				esc.WriteRune(r)
			}
		}
		body := `{"quotationNumber":"Q2612020000000001","fee":{"totalPremium":30},"echo":` + esc.String() + `}`
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(srv.Close)
		e := cmdtest.New(t, cmdtest.Options{})
		e.Config.File.Profiles = map[string]map[string]config.Section{"staging": {"ebao": {
			"endpoint": srv.URL, "access-key": "AK", "secret-key": key, "channel-code": "AXA_TP", "product-id": "UbwoOpjMjt:1"}}}
		e.F.Globals.Profile, e.F.Globals.Output = "staging", "json"
		if err := run(e, "--provider", "ebao", "-f", example); err != nil {
			t.Fatalf("%q: %v", key, err)
		}
		out := e.Out.String()
		if !strings.Contains(out, "Q2612020000000001") {
			t.Fatalf("%q: no result:\n%s", key, out)
		}
		var doc any
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("%q: %v\n%s", key, err, out)
		}
		if back, _ := json.Marshal(doc); strings.Contains(string(back), "abcd") && strings.Contains(out, "99") && !strings.Contains(out, "****") {
			t.Errorf("%q: the echoed key is printed:\n%s", key, out)
		}
		if strings.Contains(out, `\u5bc6`) || strings.Contains(out, `\u00e4`) {
			t.Errorf("%q: the echoed key's escapes are printed:\n%s", key, out)
		}
	}
}
