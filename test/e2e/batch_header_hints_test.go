package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatchCSVHeaderHintsNameTheCommandsColumns: a bad CSV header's hint
// gives an example header of the command that runs the batch; it gave
// vin,order_id (or vin,holder.name,holder.mobile) whatever ran.
func TestBatchCSVHeaderHintsNameTheCommandsColumns(t *testing.T) {
	commands := []struct {
		name    string
		args    []string
		columns string // the hint's example header
	}{
		{"renew", []string{"renew", "--provider", "bihu"}, "e.g. plate,city"},
		{"vin-report get", []string{"vin-report", "get"}, "e.g. order_id"},
		{"vin-report buy", []string{"vin-report", "buy", "--yes"}, "e.g. vin,brand_factory"},
		{"quote", []string{"quote", "--provider", "ebao"}, "e.g. channelCode,productId,effectiveDate,expiredDate,policyHolder.PH001,policyHolder.PH003,…"},
		{"api paoding", []string{"api", "paoding", "report.get"}, "e.g. orderId"},
		// No parameter list of its own: no columns of another command.
		{"api bihu", []string{"api", "bihu", "renewal"}, "as the request body names its members"},
	}
	headers := map[string]string{
		"duplicated column": "plate,order_id,plate\n",
		"control character": "plate,ord\x01er_id\n",
	}
	u := newUser(t)
	dir := t.TempDir()
	for _, c := range commands {
		for what, header := range headers {
			t.Run(c.name+"/"+what, func(t *testing.T) {
				file := filepath.Join(dir, "in.csv")
				if err := os.WriteFile(file, []byte(header+"x,y,z\n"), 0o600); err != nil {
					t.Fatal(err)
				}
				args := append(append([]string{"-p", "sandbox"}, c.args...), "--batch", file)
				r := u.run("", nil, args...)
				if r.code != 2 {
					t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
				}
				// The error is the batch's: a JSON line on stdout (stderr
				// is a terminal's place for it).
				out := r.stdout + r.stderr
				if !strings.Contains(out, "CSV header row") || !strings.Contains(out, `"hint":"`) || !strings.Contains(out, c.columns+`"`) {
					t.Errorf("the hint does not give the header %q:\n%s", c.columns, out)
				}
				if strings.Contains(out, "vin,order_id") || strings.Contains(out, "holder.mobile") {
					t.Errorf("the hint gives another command's columns:\n%s", out)
				}
			})
		}
	}
}
