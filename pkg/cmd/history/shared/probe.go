package shared

// ProbeKey is the journal key `insure doctor` gives every request it
// sends (pkg/cmd/doctor), with the value ProbeValue: its eBao probe is a
// quotation of the example body, whose plate and holder a real quote can
// share, and its rows must not read as a customer's.
const (
	ProbeKey   = "probe"
	ProbeValue = "doctor"
)

// ProbeNote is what an outcome cell adds for a probe's row, as it adds
// how a settled act was settled: "ok (doctor's probe)".
const ProbeNote = " (doctor's probe)"

// Probe says whether a row's keys mark it as doctor's.
func Probe(keys map[string]string) bool { return keys[ProbeKey] == ProbeValue }
