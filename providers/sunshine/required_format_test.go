package sunshine_test

import (
	"testing"

	"github.com/insurekit/insure/providers/sunshine"
)

// Each form Required gives takes the example it offers in its error
// message, and the manual's forms are the ones checked: what its tables
// and examples write passes, what they do not is refused.
func TestRequiredFormats(t *testing.T) {
	formats := map[string]*sunshine.Format{}
	for txn, req := range sunshine.Required() {
		for _, r := range req.Items {
			if r.Format == nil {
				continue
			}
			if !r.Format.Valid(r.Example) {
				t.Errorf("%s %s%s: its example %q is not %s", txn, r.Input, r.Field, r.Example, r.Format.Rule)
			}
			formats[string(txn)+" "+r.Input+r.Field] = r.Format
		}
	}
	for name, c := range map[string]struct{ good, bad []string }{
		"095 noLicenseFlag":             {[]string{"0", "1"}, []string{"2", "Y", " 0", "00"}},
		"100 noLicenseFlag":             {[]string{"0", "1"}, []string{"2", "N"}},
		"120 sendDate":                  {[]string{"2026-03-04", "2015-01-29"}, []string{"2026/03/04", "20260304", "2026-3-4", "2026-02-30", "2026-03-04 10:00:00"}},
		"135 sendDate":                  {[]string{"2026-03-04"}, []string{"04.03.2026", "2026-13-01"}},
		"130 payment.payTime":           {[]string{"2013-02-26 10:43:19"}, []string{"2026-03-02T10:05:00", "2026-03-02", "2026-03-02 10:05"}},
		"130 payment.payMoney":          {[]string{"1000000", "524855", "0"}, []string{"5248.55", "-1", "524,855", "1e6"}},
		"130 payment.accountDate":       {[]string{"2013-02-26", "2013-02-26 10:43:19"}, []string{"20260302", "2026-03-02T10:05:00", "2026/03/02"}},
		"130 order.premium":             {[]string{"339059"}, []string{"3390.59"}},
		"130 order.subOrders[].premium": {[]string{"139059", "200000"}, []string{"1390.59", "￥139059"}},
	} {
		f := formats[name]
		if f == nil {
			t.Errorf("%s: no form checked", name)
			continue
		}
		for _, v := range c.good {
			if !f.Valid(v) {
				t.Errorf("%s: %q refused", name, v)
			}
		}
		for _, v := range c.bad {
			if f.Valid(v) {
				t.Errorf("%s: %q taken", name, v)
			}
		}
	}
}
