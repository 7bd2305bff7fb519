package list

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/httpx"
)

// insure doctor's eBao probe quotes the example car: in history list its
// row read like a customer's quotation. Rows keyed probe=doctor say
// "(doctor's probe)" in the outcome column, on a terminal and in a pipe's
// table; JSON keeps the key.
func TestListMarksDoctorsProbes(t *testing.T) {
	t.Setenv("COLUMNS", "160")
	for _, tty := range []bool{true, false} {
		e := cmdtest.New(t, cmdtest.Options{TTY: tty})
		now := time.Now()
		for i, keys := range []map[string]string{
			{"quotationNumber": "Q2612020000000001", "plate": "沪A6U615"},
			{"quotationNumber": "Q2612020000000002", "plate": "沪A6U615", "probe": "doctor"},
		} {
			en := httpx.Entry{Time: now.Add(time.Duration(i) * time.Second), Profile: "sandbox", Provider: "ebao", Operation: "quotation",
				Keys: keys, Method: "POST", URL: "http://e", Status: 200}
			if _, err := e.Store.RecordEntry(context.Background(), en); err != nil {
				t.Fatal(err)
			}
		}
		out := listAs(t, e, "table")
		probe := regexp.MustCompile(`ok \(doctor's probe\)\s+(\S+\s+)?quotationNumber=Q2612020000000002 plate=沪A6U615\s*$`)
		customer := regexp.MustCompile(`ok\s+(\S+\s+)?quotationNumber=Q2612020000000001 plate=沪A6U615\s*$`)
		var sawProbe, sawCustomer bool
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			sawProbe = sawProbe || probe.MatchString(l)
			sawCustomer = sawCustomer || customer.MatchString(l) && !strings.Contains(l, "doctor")
		}
		if !sawProbe || !sawCustomer {
			t.Errorf("tty %v: the probe is not marked, or the customer's row is:\n%s", tty, out)
		}
		var rows []struct{ Keys map[string]string }
		if err := json.Unmarshal([]byte(listAs(t, e, "json")), &rows); err != nil || len(rows) != 2 || rows[0].Keys["probe"] != "doctor" {
			t.Errorf("tty %v: JSON %+v (%v)", tty, rows, err)
		}
	}
}
