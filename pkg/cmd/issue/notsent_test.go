package issue

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/store"
	ebaosb "github.com/insurekit/insure/providers/ebao/sandbox"
)

// An issuance that could not connect sent nothing: its journal row is
// failed, not unknown, and does not say the issuance may have taken
// effect. It used to sit in `history list --status unknown` for good.
func TestIssueThatCouldNotConnectIsNotUnknownInTheJournal(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"down": {"ebao": {
		"endpoint": "http://127.0.0.1:1", "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
	e.F.Globals.Profile, e.F.Globals.Yes = "down", true
	err := run(e, "--provider", "ebao", "-f", issueFile, "--quote", "Q2701160000000001")
	if cmdutil.ExitCode(err) != 5 || !strings.Contains(err.Error(), "nothing was sent") {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	rows, herr := e.Store.History(t.Context(), store.JournalFilter{Profile: "down", Limit: -1})
	if herr != nil || len(rows) != 1 {
		t.Fatalf("%d rows: %v", len(rows), herr)
	}
	if r := rows[0]; r.Outcome != store.OutcomeFailed || strings.Contains(r.Error, "may have taken effect") {
		t.Errorf("row: outcome %s, error %q", r.Outcome, r.Error)
	}
}

// A TLS handshake that never ends sent nothing either: the command says
// so, and the journal agreed only for refused connections; this row read
// unknown, "the issuance may have taken effect".
func TestIssueWhoseTLSHandshakeNeverEndsIsNotUnknownInTheJournal(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			// Read the ClientHello, answer nothing.
			go func() { _, _ = io.Copy(io.Discard, c) }()
		}
	}()
	e := cmdtest.New(t, cmdtest.Options{})
	e.Config.File.Profiles = map[string]map[string]config.Section{"hang": {"ebao": {
		"endpoint": "https://" + ln.Addr().String(), "access-key": ebaosb.TestAccessKey, "secret-key": ebaosb.TestSecretKey, "channel-code": "AXA_TP"}}}
	e.F.Globals.Profile, e.F.Globals.Yes, e.F.Globals.Timeout = "hang", true, 300*time.Millisecond
	err = run(e, "--provider", "ebao", "-f", issueFile, "--quote", "Q2701160000000001")
	if cmdutil.ExitCode(err) != 5 {
		t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
	}
	rows, herr := e.Store.History(t.Context(), store.JournalFilter{Profile: "hang", Limit: -1})
	if herr != nil || len(rows) == 0 {
		t.Fatalf("%d rows: %v", len(rows), herr)
	}
	for _, r := range rows {
		if r.Outcome != store.OutcomeFailed || strings.Contains(r.Error, "may have taken effect") {
			t.Errorf("row %d: outcome %s, error %q", r.ID, r.Outcome, r.Error)
		}
	}
}
