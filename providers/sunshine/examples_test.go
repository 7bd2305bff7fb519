package sunshine_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/insurekit/insure/providers/sunshine"
)

func loadExample(t *testing.T, txn string) sunshine.RequestSpec {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "sunshine", txn+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var spec sunshine.RequestSpec
	if err := yaml.Unmarshal(b, &spec); err != nil {
		t.Fatalf("%s: %v", txn, err)
	}
	if string(spec.Transaction) != txn {
		t.Fatalf("%s.yaml says transaction %q", txn, spec.Transaction)
	}
	return spec
}

// Every example builds, and the purchase examples, run in order against
// the sandbox with the SessionId and proposal numbers of the earlier
// answers put in, reach a policy.
func TestExamples(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	for _, txn := range sunshine.Transactions {
		if _, err := c.Build(loadExample(t, string(txn))); err != nil {
			t.Errorf("%s: %v", txn, err)
		}
	}
	ctx := context.Background()
	var sid string
	var props map[string]string
	for _, txn := range []string{"050", "095", "100", "105", "110", "115", "120", "135", "125", "130"} {
		spec := loadExample(t, txn)
		if spec.SessionID != "" {
			spec.SessionID = sid
		}
		if spec.Order != nil && props != nil {
			for i, so := range spec.Order.SubOrders {
				spec.Order.SubOrders[i].ProposalNo = props[so.Type]
			}
		}
		r, err := c.Send(ctx, spec)
		if err != nil {
			t.Fatalf("%s: %v", txn, err)
		}
		switch txn {
		case "100":
			sid = r.Header.SessionID
		case "120":
			props = r.ProposalNos()
		case "130":
			if pols := r.PolicyNos(); len(pols) != 2 || !strings.HasPrefix(pols["biz"], "P") {
				t.Errorf("policies %v", pols)
			}
		}
	}
}
