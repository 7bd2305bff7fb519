package api

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

func TestBatchAPIPaodingFactories(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	e.In.WriteString(`{"brandFactoryId":20}` + "\n" + `{"brandFactoryId":"x"}` + "\n" + `{"brandFactoryId":21}` + "\n")
	err := run(e, "paoding", "brandFactory.get", "--batch", "-")
	var outcomes []string
	sc := bufio.NewScanner(strings.NewReader(e.Out.String()))
	for sc.Scan() {
		var l struct{ Outcome string }
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		outcomes = append(outcomes, l.Outcome)
	}
	if len(outcomes) != 3 || outcomes[0] != "ok" || outcomes[2] != "ok" || outcomes[1] == "ok" {
		t.Fatalf("exit %d (%v): %s", cmdutil.ExitCode(err), err, e.Out)
	}
	if cmdutil.ExitCode(err) == 0 {
		t.Fatalf("exit 0 with a failed line")
	}
}
