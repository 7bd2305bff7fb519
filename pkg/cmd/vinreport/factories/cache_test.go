package factories

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/paoding"
)

// seed stores a cache as an earlier run would have left it: factory 20 at
// a stale price, held as if the list had been fetched up to the newest
// time the sandbox knows, so an incremental run finds nothing new.
func seed(t *testing.T, e *cmdtest.Env) {
	t.Helper()
	cat := &shared.Catalogue{
		Factories: []paoding.BrandFactory{{BrandFactoryID: 20, BrandFactoryName: "上汽通用五菱", BrandID: 120, BrandName: "宝骏",
			Price: "1", Usable: true, LastModifyTime: "2016-01-01 01:01:01"}},
		Newest: "2017-08-15 09:00:00",
	}
	if err := cat.Save(t.Context(), e.Store, config.SandboxProfile); err != nil {
		t.Fatal(err)
	}
}

func TestOfflineOnAnEmptyCacheSendsNothingAndSaysWhy(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "--offline"); err != nil {
		t.Fatal(err)
	}
	if got := e.Out.String(); got != "[]\n" {
		t.Errorf("stdout %q", got)
	}
	if !strings.Contains(e.ErrOut.String(), "cache is empty") || !strings.Contains(e.ErrOut.String(), "insure vin-report factories") {
		t.Errorf("stderr %q", e.ErrOut.String())
	}
	if len(e.Received()) != 0 {
		t.Errorf("--offline sent %v", e.ReceivedPaths())
	}
}

func TestOfflineShowsWhatTheLastRunCached(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if got := ids(t, e); got != allIDs {
		t.Fatalf("online: %q", got)
	}
	e.Reset()
	if got := ids(t, e, "--offline"); got != allIDs {
		t.Errorf("offline: %q", got)
	}
	if got := ids(t, e, "--offline", "--since", "2017-06-01 00:00:00"); got != "61 71 100" {
		t.Errorf("offline --since: %q", got)
	}
	if len(e.Received()) != 0 || e.ErrOut.Len() != 0 {
		t.Errorf("--offline sent %v, said %q", e.ReceivedPaths(), e.ErrOut.String())
	}
}

// An incremental run keeps what it holds; --full replaces it with the
// provider's whole list.
func TestFullRefetchesWhatAnIncrementalRunKeeps(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e)
	e.F.Globals.JQ = `.[] | "\(.brandFactoryId) \(.price)"`
	if err := run(e); err != nil {
		t.Fatal(err)
	}
	if got := e.Out.String(); got != "20 1\n" {
		t.Fatalf("incremental run: %q", got)
	}
	e.Reset()
	if err := run(e, "--full"); err != nil {
		t.Fatal(err)
	}
	if out := e.Out.String(); strings.Count(out, "\n") != 13 || !strings.HasPrefix(out, "20 29\n") {
		t.Fatalf("--full: %q", out)
	}
	e.F.Globals.JQ = ""
	if got := ids(t, e, "--offline"); got != allIDs {
		t.Errorf("the cache after --full: %q", got)
	}
}

// Before the fix a first --since run cached only the factories it showed,
// and every later run, asking only for changes after the newest of them,
// never fetched the others: `factories` listed 6 of the 13 for good.
func TestSinceOnAnEmptyCacheStillCachesEveryFactory(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if got := ids(t, e, "--since", "2017-01-01 00:00:00"); got != "31 50 61 71 90 100" {
		t.Fatalf("--since: %q", got)
	}
	if got := ids(t, e); got != allIDs {
		t.Errorf("the next run lists %q, want every factory", got)
	}
	if got := ids(t, e, "--offline"); got != allIDs {
		t.Errorf("the cache holds %q, want every factory", got)
	}
}

// The same with --full, which starts from an empty cache.
func TestFullWithSinceStillCachesEveryFactory(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	seed(t, e)
	if got := ids(t, e, "--full", "--since", "2017-06-01 00:00:00"); got != "61 71 100" {
		t.Fatalf("--full --since: %q", got)
	}
	if got := ids(t, e, "--offline"); got != allIDs {
		t.Errorf("the cache holds %q, want every factory", got)
	}
}

// Before the fix in factoryget, `factories get 71` on an empty cache
// stored 71's time as the list's newest, and the listing that followed
// asked only for changes after it: it showed 71 alone.
func TestAGetBeforeTheFirstListingHidesNothing(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	if err := run(e, "get", "71"); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, e); got != allIDs {
		t.Errorf("the listing after a get shows %q, want every factory", got)
	}
}

// A refused fetch leaves the cache as it was: the quota (10040) exits 7
// and --offline still has the earlier list.
func TestQuotaExhaustedExitsSevenAndKeepsTheCache(t *testing.T) {
	for _, tty := range []bool{false, true} {
		t.Run(map[bool]string{false: "pipe", true: "tty"}[tty], func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: tty, Faults: "paoding:/4s/brandFactory/list=code:10040"})
			seed(t, e)
			err := run(e, "--full")
			if cmdutil.ExitCode(err) != failure.ExitRateLimit {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			doc := string(cmdutil.ErrorJSON(err))
			if !strings.Contains(doc, `"code":"10040"`) || !strings.Contains(doc, "brandFactory.list allows 100 calls a day") {
				t.Errorf("error document %s", doc)
			}
			if e.Out.Len() != 0 || e.ErrOut.Len() != 0 {
				t.Errorf("printed %q / %q", e.Out.String(), e.ErrOut.String())
			}
			noSecrets(t, e, err.Error(), doc)
			e.F.Globals.Output = "json"
			if got := ids(t, e, "--offline"); got != "20" {
				t.Errorf("the cache after the refusal: %q", got)
			}
		})
	}
}
