package quote

import (
	"encoding/json"
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
