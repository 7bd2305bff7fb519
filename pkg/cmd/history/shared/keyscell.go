package shared

import (
	"sort"
	"strings"
)

// Numbers are the keys that name one transaction (a policy, a quotation,
// an order, a purchase session): what a reader of a table looks for.
var Numbers = map[string]bool{
	"quotationNumber": true, "proposalNumber": true, "policyNumber": true,
	"orderId": true, "platformOrderId": true, "sessionId": true,
	"proposalNo": true, "policyNo": true, "endorsementNumber": true,
}

// KeysCell is a table's keys column: the transaction's numbers first, then
// the rest (plate, VIN...), each group sorted, since a narrow terminal cuts
// the cell's end and the plate or VIN is usually what was looked up. A
// personal value's salted hash tells a reader nothing and, at 34
// characters each, pushed the identifiers off the terminal; JSON keeps it.
func KeysCell(m map[string]string) string {
	parts := make([]string, 0, len(m))
	for k, v := range m {
		if strings.HasPrefix(v, "h:") {
			continue
		}
		parts = append(parts, k+"="+v)
	}
	sort.Slice(parts, func(i, j int) bool {
		ni, nj := Numbers[strings.SplitN(parts[i], "=", 2)[0]], Numbers[strings.SplitN(parts[j], "=", 2)[0]]
		if ni != nj {
			return ni
		}
		return parts[i] < parts[j]
	})
	return strings.Join(parts, " ")
}
