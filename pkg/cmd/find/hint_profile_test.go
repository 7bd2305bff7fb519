package find_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// Steps made with profile "work", found while "sandbox" is selected: the
// hint under the table said "insure -p sandbox history show ID", as if
// the steps were sandbox's. history show reads any profile's rows, so it
// names none; the settle command is the step's own profile's, with this
// run's --config, where that profile is defined.
func TestFindHintsNameTheStepsProfileNotTheCurrentOne(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{TTY: true})
	keys := map[string]string{"orderId": "OTHER-1", "vin": "LSVAU2180N2183294", "brandFactoryId": "20"}
	id, err := e.Store.RecordEntry(context.Background(), httpx.Entry{Time: time.Now(), Profile: "work", Provider: "paoding", Operation: "report.buy",
		Method: "POST", URL: "http://x/4s/report/buy", Error: "read: connection reset by peer", Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	const settle = "To settle the act in doubt (nothing is done twice): insure -p work vin-report buy --vin LSVAU2180N2183294 --brand-factory 20 --order-id OTHER-1 --yes"

	run(t, e, "find", "OTHER-1")
	stderr := e.ErrOut.String()
	if !strings.Contains(stderr, "A step's request and answer: insure history show ID\n") || strings.Contains(stderr, "-p sandbox") {
		t.Errorf("the history show hint names this run's profile:\n%s", stderr)
	}
	if !strings.Contains(stderr, settle) {
		t.Errorf("the settle hint is not the step's profile's:\n%s", stderr)
	}

	config := filepath.Join(t.TempDir(), "my config.yaml")
	run(t, e, "--config", config, "find", "OTHER-1")
	if want := strings.Replace(settle, "insure -p work", "insure --config '"+config+"' -p work", 1); !strings.Contains(e.ErrOut.String(), want) {
		t.Errorf("with --config, stderr lacks %q:\n%s", want, e.ErrOut.String())
	}

	// The hint works as printed: another profile's row, shown.
	e.F.IOStreams.SetStdoutTTY(false)
	if out := run(t, e, "history", "show", fmt.Sprint(id)); !strings.Contains(out, `"profile":"work"`) {
		t.Errorf("history show %d: %s", id, out)
	}
}
