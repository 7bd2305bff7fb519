package buy

import (
	"fmt"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// In a batch each line names its vehicle and order: --order-id was dropped
// without a word (every line got a derived id instead), and --vin or
// --image became a hidden default for lines without one, buying one car
// once per line. They are usage errors, and nothing is sent.
func TestBatchRefusesFlagsALineGives(t *testing.T) {
	for _, args := range [][]string{
		{"--order-id", "MINE-1"},
		{"--vin", batchVIN(9)},
		{"--image", "https://example.com/licence.jpg"},
	} {
		e := cmdtest.New(t, cmdtest.Options{})
		e.F.Globals.Yes = true
		file := writeFile(t, "cars.jsonl", fmt.Sprintf(`{"vin":%q,"brand_factory":20}`+"\n", batchVIN(1)))
		err := runCtx(t.Context(), e, append([]string{"--batch", file}, args...)...)
		if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || e.Out.Len() != 0 {
			t.Errorf("%v: exit %d (%v), sent %v, printed %.80q", args, cmdutil.ExitCode(err), err, e.ReceivedPaths(), e.Out)
		}
	}
}
