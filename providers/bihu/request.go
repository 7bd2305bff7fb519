package bihu

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/validate"
)

// Normalize writes the fields the way a licence prints them and Bihu
// binds them: full-width letters and digits (what a Chinese input method
// types) as ASCII, upper case, no surrounding space. A plate also loses
// the separators people write inside it (京J·97896, 京J 97896) and a VIN
// its spaces (it is often written in groups). Validate and Renew both use
// it, so what is checked is what is sent.
func (r RenewalRequest) Normalize() RenewalRequest {
	return RenewalRequest{
		LicenseNo: strings.ToUpper(strings.Map(dropRunes(plateSeparators), narrow(r.LicenseNo))),
		CarVin:    strings.ToUpper(strings.Map(dropRunes(" \t"), narrow(r.CarVin))),
		EngineNo:  strings.ToUpper(strings.TrimSpace(narrow(r.EngineNo))),
		CityCode:  strings.TrimSpace(narrow(r.CityCode)),
	}
}

// plateSeparators are what people put between a plate's authority letter
// and its serial: a space, the middle dot painted on the plate and its
// look-alikes, a dash and the dashes input methods and word processors
// type for it (the small ﹣ and the hyphens, dashes and minus of U+2010
// to U+2015 and U+2212).
const plateSeparators = " \t·•・‧-‐‑‒–—―−﹣"

// narrow maps full-width ASCII and the ideographic space to their ASCII
// forms, leaving Chinese characters as they are.
func narrow(s string) string { return validate.Narrow(s) }

// dropRunes is a strings.Map function that deletes the runes of set.
func dropRunes(set string) func(rune) rune {
	return func(r rune) rune {
		if strings.ContainsRune(set, r) {
			return -1
		}
		return r
	}
}

// Validate checks the request as Bihu will, reporting every bad field in
// one Usage error (exit 2), or returns nil.
func (r RenewalRequest) Validate() error {
	r = r.Normalize()
	var ck validate.Checker
	switch {
	case r.LicenseNo == "" && r.CarVin == "" && r.EngineNo == "":
		ck.Add("LicenseNo", "give a plate, or a VIN (CarVin) with its engine number (EngineNo)", "京J97896")
	case r.LicenseNo != "" && (r.CarVin != "" || r.EngineNo != ""):
		ck.Add("LicenseNo", "give either a plate or a VIN with engine number, not both: the plate alone is enough", "京J97896")
	case r.LicenseNo != "":
		switch rs := []rune(r.LicenseNo); {
		case newEnergyPlate(rs):
			ck.Add("LicenseNo", "Bihu does not support 8-character new-energy plates, only ordinary 7-character ones; renew this car by VIN (CarVin) and engine number (EngineNo) instead", "CarVin=LS4ASE2A2GJ137027 EngineNo=2192209")
		case len(rs) == 8:
			// validate.Plate would call any 8 characters a new-energy
			// plate; a typo of an ordinary one should hear the length.
			ck.Add("LicenseNo", "a plate is a province character, a letter and 5 letters or digits (got 8 characters)", "京J97896")
		default:
			ck.Check("LicenseNo", r.LicenseNo, func(v string) *failure.FieldError { return validate.Plate(v, false) })
		}
	default:
		if ck.Required("CarVin", r.CarVin, "LS4ASE2A2GJ137027") {
			ck.Check("CarVin", r.CarVin, validate.VIN)
		}
		if ck.Required("EngineNo", r.EngineNo, "2192209") {
			ck.Check("EngineNo", r.EngineNo, engineNo)
		}
	}
	if r.CityCode != "" {
		city, ok := LookupCity(r.CityCode)
		own, known := CityForPlate(r.LicenseNo)
		switch {
		case !ok:
			ck.Add("CityCode", "not a Bihu city; use a code or name from: "+cityNames(), "1")
		case r.LicenseNo != "" && known && own.Code != city.Code:
			// The city table's rule: a renewal cannot cross regions, and
			// this plate is registered in another city of the table.
			ck.Add("CityCode", fmt.Sprintf("renewal cannot cross regions: plate %s is registered in %s %s, not %s %s; give its own city or leave the city out",
				r.LicenseNo, own.Code, own.Name, city.Code, city.Name), own.Code)
		}
	}
	return ck.Err(Provider, "renewal")
}

// newEnergyPlate says whether rs is shaped like an 8-character
// new-energy plate: province, letter, then D or F (electric or hybrid)
// before a 5-character serial, or after it on a large vehicle.
func newEnergyPlate(rs []rune) bool {
	if len(rs) != 8 || !strings.ContainsRune(validate.Provinces, rs[0]) || rs[1] < 'A' || rs[1] > 'Z' {
		return false
	}
	for _, r := range rs[2:] {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return rs[2] == 'D' || rs[2] == 'F' || rs[7] == 'D' || rs[7] == 'F'
}

// engineNo accepts what licences print: letters, digits and the odd dash
// or asterisk. Bihu states no format, so only obvious garbage is stopped.
func engineNo(v string) *failure.FieldError {
	if n := utf8.RuneCountInString(v); n > 30 {
		return &failure.FieldError{Rule: "an engine number is at most 30 characters (got " + strconv.Itoa(n) + ")", Example: "2192209"}
	}
	for _, r := range v {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '-' || r == '*' || r == '/') {
			return &failure.FieldError{Rule: "an engine number has letters, digits, '-', '*' or '/' only (got " + strconv.QuoteRune(r) + ")", Example: "2192209"}
		}
	}
	return nil
}

// renewalInputs are the parameters a caller gives; the client adds the
// rest (AgentId, Token, SecCode, and TimeStamp unless one is given).
var renewalInputs = []string{ParamLicenseNo, ParamCarVin, ParamEngineNo, ParamCityCode}

// renewalNamesKnown are the names renewalNames respells: the inputs, the
// TimeStamp a caller may fix, and those it refuses (see renewalOwned).
var renewalNamesKnown = append(append([]string(nil), renewalInputs...), ParamTimeStamp, ParamAgentID, ParamToken, ParamSecCode, SecretKeyName)

// renewalOwned says, for each parameter the client fills in itself, where
// it comes from. A caller's copy would be replaced by the client's, so it
// is refused rather than dropped unseen.
var renewalOwned = map[string]string{
	ParamAgentID: "is the profile's (bihu.agent-id, or INSURE_BIHU_AGENT_ID): the agent the session token was opened for; leave it out, or use a profile for the other agent",
	ParamToken: "is the session token insure holds for this profile (it logs in when none is cached; insure token show --provider bihu shows it); leave it out " +
		"(insure sign bihu renew Token=... signs with another token)",
	ParamSecCode:  "is computed by insure over the other parameters and the profile's secret key; leave it out (insure sign bihu renew ... --verify SECCODE checks one)",
	SecretKeyName: "never goes in a request: it comes from the profile (bihu.secret-key, or INSURE_BIHU_SECRET_KEY)",
}

// renewalNames respells the parameters a caller gave in any case
// (licenseno, CITYCODE) the way the document does. The SecCode hashes the
// names, and which spelling a real server hashes (the one it binds, or
// the one sent, as the sandbox does) is not documented: sending and
// signing the names as the document's JSON examples spell them suits
// either. A name given twice or a name Bihu does not document would be
// signed differently from what the server checks and come back as a 406
// blaming the secret key. Those are refused here instead (exit 2), as are
// the parameters the client fills in itself (renewalOwned) and a
// TimeStamp that is not whole seconds as written. A given TimeStamp is
// signed and sent as it is (BuildRenewal), so a documented request can be
// reproduced.
func renewalNames(params map[string]string) (map[string]string, error) {
	out := make(map[string]string, len(params))
	seen := map[string]string{}
	var bad []failure.FieldError
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name := ""
		for _, n := range renewalNamesKnown {
			if strings.EqualFold(k, n) {
				name = n
			}
		}
		v := params[k]
		switch {
		case name == "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is not a renewal parameter: a renewal takes " +
				strings.Join(renewalInputs, ", ") + " and optionally TimeStamp (AgentId, Token and SecCode are added)", Example: "LicenseNo=京J97896"})
			continue
		case renewalOwned[name] != "":
			bad = append(bad, failure.FieldError{Field: k, Rule: renewalOwned[name]})
			continue
		case seen[name] != "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is given twice (also as " + seen[name] + ")", Example: name + "=..."})
			continue
		case name == ParamTimeStamp && v == "":
			bad = append(bad, failure.FieldError{Field: k, Rule: "is empty: leave it out to sign the current time", Example: "TimeStamp=1489044754"})
		case name == ParamTimeStamp && !wholeSeconds(v):
			bad = append(bad, failure.FieldError{Field: k, Rule: "is unix seconds (at most 10 digits, not milliseconds), digits only as the SecCode covers it (got " + strconv.Quote(v) + ")", Example: "TimeStamp=1489044754"})
		}
		seen[name] = k
		out[name] = v
	}
	if len(bad) > 0 {
		return nil, failure.Invalid(Provider, "renewal", bad...)
	}
	return out, nil
}

// wholeSeconds says whether v is unix seconds written as digits in the
// form that formats back to itself (no sign, no leading zero): the
// SecCode covers the text sent, and Bihu reads it as a number. Ten digits
// at most: thirteen are milliseconds, which Bihu refuses (412).
func wholeSeconds(v string) bool {
	n, err := strconv.ParseInt(v, 10, 64)
	return err == nil && n >= 0 && strconv.FormatInt(n, 10) == v && len(v) <= 10
}
