package buy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// Running the same file again with --again cannot buy again with the
// order ids derived from its lines: the platform refuses a repeated id
// (30020). The line's error says so and how to buy again: give the line
// its own order_id.
func TestBatchRerunWithAgainExplainsTheDerivedOrderID(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.F.Globals.Yes = true
	file := writeFile(t, "cars.jsonl", fmt.Sprintf(`{"vin":%q,"brand_factory":20}`+"\n", batchVIN(1)))
	if err := runCtx(t.Context(), e, "--batch", file); err != nil {
		t.Fatalf("first run: %v\n%s", err, e.ErrOut)
	}
	e.Out.Reset()
	e.ErrOut.Reset()
	err := runCtx(t.Context(), e, "--batch", file, "--again")
	if cmdutil.ExitCode(err) != 4 {
		t.Fatalf("exit %d (%v), want 4: the platform refused the line\n%s", cmdutil.ExitCode(err), err, e.ErrOut)
	}
	lines := parseLines(t, e.Out.String())
	if len(lines) != 1 || lines[0].Code != "30020" {
		t.Fatalf("want one line refused with 30020: %s", e.Out)
	}
	id := DerivedOrderID(batch.Hash([]byte(fmt.Sprintf(`{"vin":%q,"brand_factory":20}`, batchVIN(1)))))
	var hint struct {
		Hint string `json:"hint"`
	}
	if jerr := json.Unmarshal([]byte(strings.TrimSpace(e.Out.String())), &hint); jerr != nil {
		t.Fatal(jerr)
	}
	for _, want := range []string{"derived", "insure -p sandbox vin-report get " + id, "its own order_id"} {
		if !strings.Contains(hint.Hint, want) {
			t.Errorf("hint %q lacks %q", hint.Hint, want)
		}
	}
	if strings.Contains(hint.Hint, "--order-id") {
		t.Errorf("hint names a flag a batch line cannot use: %q", hint.Hint)
	}
	if !strings.Contains(e.ErrOut.String(), "batch: 1 line in") {
		t.Errorf("summary: %q", e.ErrOut)
	}
}
