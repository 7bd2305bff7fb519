package bihu

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Paths of the operations and pages, relative to the base URL. The server
// routes them without regard to case; these are the documents' spellings.
const (
	PathLogin        = "unite/login"
	PathRenewal      = "unite/unitecheckrenewal"
	PathSignOut      = "unite/SignOut"
	PathQuotePage    = "DoQuote/SelectInsuranceNew"
	PathReplenishURL = "DoQuote/ReplenishInfo"
	PathIndexPage    = "DoQuote/Index"      // quote any vehicle, typing its plate
	PathCheckList    = "Customer/CheckList" // the user's customers
	PathCustomerList = "Customer/list"      // every customer: administrators only
)

// Renewal parameter names as they are sent.
const (
	ParamLicenseNo = "LicenseNo"
	ParamCarVin    = "CarVin"
	ParamEngineNo  = "EngineNo"
	ParamCityCode  = "CityCode"
	ParamAgentID   = "AgentId"
	ParamToken     = "Token"
	ParamTimeStamp = "TimeStamp"
	ParamSecCode   = "SecCode"
)

// RenewalRequest asks for last year's policy of one vehicle, by plate or by
// VIN with engine number. CityCode takes a code or a city name; when empty
// the plate's city is used, then the profile's.
type RenewalRequest struct {
	LicenseNo string `json:"LicenseNo,omitempty"`
	CarVin    string `json:"CarVin,omitempty"`
	EngineNo  string `json:"EngineNo,omitempty"`
	CityCode  string `json:"CityCode,omitempty"`
}

// RenewalResult is what a renewal lookup answered. On a 206 Renew returns it
// together with the error so the raw body can still be shown.
type RenewalResult struct {
	HTTPStatus   int    `json:"httpStatus"`
	Code         int    `json:"code,omitempty"` // the body's own code; the HTTP status decides
	Msg          string `json:"msg,omitempty"`
	RenewalToken string `json:"renewalToken,omitempty"`
	// Token is the login token the lookup used. It is a secret, so JSON
	// output leaves it out; it is also inside the page URLs, which the
	// user needs to open.
	Token        string `json:"-"`
	QuotePageURL string `json:"quotePageUrl,omitempty"`
	// ReplenishURL is set on a 206: the page where the licence details are
	// completed before quoting.
	ReplenishURL string `json:"replenishUrl,omitempty"`
	// Pages are Bihu's other pages of the same session by name (see
	// Pages), for the user to go on from the lookup.
	Pages     map[string]string `json:"pages,omitempty"`
	LicenseNo string            `json:"licenseNo,omitempty"`
	CarVin    string            `json:"carVin,omitempty"`
	EngineNo  string            `json:"engineNo,omitempty"`
	CityCode  string            `json:"cityCode,omitempty"`
	// Extra keeps body fields this package does not know, since the
	// document describes only code, msg and RenewalToken.
	Extra map[string]json.RawMessage `json:"extra,omitempty"`
	Raw   []byte                     `json:"-"`
}

// SignedRequest is one request exactly as the client sends it, for
// --dry-run and `insure sign`. It never holds the secret key.
type SignedRequest struct {
	Operation string            // "login", "renewal", "signout"
	Method    string            // POST, or GET for sign-out
	Path      string            // relative to the base URL
	Params    map[string]string // everything sent, SecCode included
	Order     []string          // the order Params go on the wire
	// Canonical is the string that was hashed, secret masked.
	Canonical string
	SecCode   string
	Body      []byte // JSON for POST; nil for GET
}

// orderedJSON writes params as a JSON object of strings in the given order,
// so a dry run reads like the document's examples. Values are strings: the
// document's examples mix numbers in, and the server binds either.
func orderedJSON(params map[string]string, order []string) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	for _, k := range order {
		v, ok := params[k]
		if !ok {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		kj, _ := json.Marshal(k)
		vj, _ := json.Marshal(v)
		b.Write(kj)
		b.WriteByte(':')
		b.Write(vj)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// body is a loosely read JSON answer: field names matched without regard
// to case, because the login answer says Token in one document and token in
// another.
type body map[string]json.RawMessage

func parseBody(raw []byte) (body, bool) {
	var m body
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, false
	}
	return m, true
}

func (b body) key(name string) (string, bool) {
	if _, ok := b[name]; ok {
		return name, true
	}
	for k := range b {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

// str reads a field as text, whether the server sent a string or a number.
func (b body) str(name string) string {
	k, ok := b.key(name)
	if !ok {
		return ""
	}
	raw := b[k]
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
