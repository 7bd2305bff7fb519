package api

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
)

// A --raw-xml file holding a 130 (issue) sent as "api sunshine 050" went
// out without --yes, the confirmation being asked by the transaction the
// command line named. The file's transaction must be the one named.
func TestRawXMLFileMustHoldTheTransactionNamed(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	req := filepath.Join(t.TempDir(), "issue.xml")
	doc := `<?xml version="1.0" encoding="UTF-8"?><PackageList><Package><Header><Version>2</Version><RequestType>130</RequestType><Status>100</Status>` +
		`<SessionId>20260302100000123456</SessionId><SellerId>3597746367</SellerId><AgentCode>W03210001</AgentCode><SendTime>2015-01-21 20:15:24</SendTime></Header>` +
		`<Request><InputsList><Inputs type="x"><input name="licenseNo">京A12345</input></Inputs></InputsList></Request></Package></PackageList>`
	if err := os.WriteFile(req, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	err := run(e, "sunshine", "050", "--raw-xml", "-f", req)
	if cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("exit %d (%v), %d requests sent", cmdutil.ExitCode(err), err, len(e.Received()))
	}
	if !strings.Contains(err.Error(), `transaction "130"`) || !strings.Contains(err.Error(), "not 050") {
		t.Errorf("error %v", err)
	}
	// Named as what it is, the act needs --yes (stdin is no terminal).
	e.Reset()
	if err := run(e, "sunshine", "130", "--raw-xml", "-f", req); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("130 without --yes: exit %d (%v), %d requests", cmdutil.ExitCode(err), err, len(e.Received()))
	}
}
