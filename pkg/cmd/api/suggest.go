package api

import (
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/sunshine"
)

// operationAliases are the words an engineer coming from the guided
// commands (insure quote, issue, cancel, renew, vin-report) is likely to
// type for an api operation, which is named as the provider's document
// names it.
var operationAliases = map[string]map[string]string{
	ebao.Provider: {"quote": "quotation", "issue": "issuance", "cancel": "cancellation", "surrender": "cancellation"},
	bihu.Provider: {"renew": "renewal", "logout": "signout", "sign-out": "signout", "logon": "login"},
	paoding.Provider: {"token": "token.generate", "generate": "token.generate", "refresh": "token.refresh",
		"brands": "brand.list", "factories": "brandFactory.list", "factory": "brandFactory.get",
		"buy": "report.buy", "get": "report.get", "report": "report.get"},
}

// suggestOperation names the operation op was most likely meant to be,
// or "": the same name in another case (Brand.List), a guided command's
// word for it (quote for quotation), a prefix (renew for renewal), a near
// spelling, or for sunshine a transaction's name (issue for 130).
func suggestOperation(provider, op string, ops []string) string {
	if op == "" {
		return ""
	}
	for _, o := range ops {
		if strings.EqualFold(o, op) {
			return o
		}
	}
	if a, ok := operationAliases[provider][strings.ToLower(op)]; ok {
		return a
	}
	if provider == sunshine.Provider {
		for _, t := range sunshine.Transactions {
			if n := t.Name(); strings.EqualFold(n, op) || strings.EqualFold(strings.Fields(n)[0], op) {
				return string(t)
			}
		}
	}
	if s := suggestName(op, ops); s != "" {
		return s
	}
	return ""
}

// suggestName is the candidate op starts (at least 3 characters of it),
// or the nearest by spelling (registry.Closest), or "".
func suggestName(s string, candidates []string) string {
	if utf8.RuneCountInString(s) >= 3 {
		var hit []string
		for _, c := range candidates {
			if strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
				hit = append(hit, c)
			}
		}
		if len(hit) == 1 {
			return hit[0]
		}
	}
	return registry.Closest(s, candidates)
}

// didYouMean prefixes hint with the suggestion, if any.
func didYouMean(near, hint string) string {
	if near == "" {
		return hint
	}
	return "did you mean " + near + "? " + hint
}
