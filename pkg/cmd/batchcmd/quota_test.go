package batchcmd_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/api"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/providers/paoding"
)

// journalCalls records n requests of Paoding's brand.list sent at at by
// profile, as the HTTP client journals each request it sends.
func journalCalls(t *testing.T, e *cmdtest.Env, profile string, at time.Time, n int) {
	t.Helper()
	for range n {
		if _, err := e.Store.RecordEntry(t.Context(), httpx.Entry{Time: at, Profile: profile, Provider: paoding.Provider, Operation: paoding.OpBrandList,
			Method: "GET", URL: "http://127.0.0.1/paoding" + paoding.PathBrandList, Status: 200}); err != nil {
			t.Fatal(err)
		}
	}
}

// The daily quota's bucket started full in every process, so two batches
// one after another sent more than the document's daily quota (brand.list:
// 100 a day). A batch starts from the requests this profile sent today,
// China time, as the journal holds them: with 99 of 100 sent, one line goes
// and the next waits for the bucket's refill. Another profile's requests
// and yesterday's (China time) do not count.
func TestBatchCountsTodaysRequestsAgainstTheDailyQuota(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	china := time.FixedZone("CST", 8*3600)
	now := time.Now().In(china)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, china)
	if now.Sub(midnight) < time.Minute {
		t.Skip("too close to midnight China time")
	}
	journalCalls(t, e, config.SandboxProfile, now.Add(-time.Second), 98)
	journalCalls(t, e, config.SandboxProfile, midnight, 1)
	journalCalls(t, e, config.SandboxProfile, midnight.Add(-time.Second), 100)
	journalCalls(t, e, "other", now, 100)

	e.In.WriteString("{}\n{}\n{}\n")
	cmd := api.NewCmdAPI(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SetArgs([]string{"paoding", "brand.list", "--batch", "-"})
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	_ = cmd.ExecuteContext(ctx)

	sent := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, paoding.PathBrandList) {
			sent++
		}
	}
	// Which line goes first is the workers' race; one goes, two wait.
	outcomes := map[string]int{}
	for _, l := range cmdtest.JSONLines[struct{ Outcome string }](t, e.Out.String()) {
		outcomes[l.Outcome]++
	}
	if sent != 1 || outcomes["ok"] != 1 || outcomes["not_attempted"] != 2 {
		t.Fatalf("sandbox received %d brand.list with 99 of the day's 100 sent, want 1; lines %v\nstderr: %s", sent, outcomes, e.ErrOut)
	}
	if !strings.Contains(e.ErrOut.String(), "waits") {
		t.Errorf("stderr does not say a line waits for the quota: %s", e.ErrOut)
	}
}

// A batch started with the day's quota spent says so at once, before any
// line waits.
func TestBatchWithTheDaysQuotaSpentSaysSo(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	journalCalls(t, e, config.SandboxProfile, time.Now(), 100)
	e.In.WriteString("{}\n")
	cmd := api.NewCmdAPI(e.F, nil)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	cmd.SetArgs([]string{"paoding", "brand.list", "--batch", "-"})
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	_ = cmd.ExecuteContext(ctx)
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, paoding.PathBrandList) {
			t.Errorf("sent %s with the day's quota spent", p)
		}
	}
	if want := "profile sandbox sent 100 brand.list request(s) today (China time), and its daily quota is 100: lines go one every 14m24s as the limit refills"; !strings.Contains(e.ErrOut.String(), want) {
		t.Errorf("stderr %q, want %q", e.ErrOut, want)
	}
}
