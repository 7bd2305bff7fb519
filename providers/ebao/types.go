package ebao

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Dates travel as the strings the caller wrote ("2030-01-16T03:07:53.970Z"):
// keeping them as text avoids reformatting a value the server will parse.

// IDType is a certificate type (PH005, ISP004): 1 resident ID, 2 driving
// licence, 3 passport, 4 officer's card, 5 birth certificate, 6 other. The
// document's table says integer but its own example sends ISP004 as "1", so
// both forms are read; it is written as a number.
type IDType int

// ID types the document lists.
const (
	IDResident IDType = iota + 1
	IDDrivingLicence
	IDPassport
	IDOfficer
	IDBirthCertificate
	IDOther
)

// UnmarshalJSON accepts 1 and "1".
func (t *IDType) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if uq, err := strconv.Unquote(s); err == nil {
		s = strings.TrimSpace(uq)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("certificate type must be an integer 1-6, got %s", b)
	}
	*t = IDType(n)
	return nil
}

// Campaign is a selected promotion.
type Campaign struct {
	Code    string                     `json:"code"`
	Voucher string                     `json:"voucher,omitempty"`
	Extra   map[string]json.RawMessage `json:"-"`
}

// PolicyHolder is the policy holder, keyed by the document's PH codes.
type PolicyHolder struct {
	Name      string                     `json:"PH001"`
	BirthDate string                     `json:"PH003,omitempty"`
	IDType    IDType                     `json:"PH005"`
	IDNumber  string                     `json:"PH006"`
	Mobile    string                     `json:"PH013,omitempty"`
	Email     string                     `json:"PH015,omitempty"`
	Extra     map[string]json.RawMessage `json:"-"`
}

// InsuredPerson is one insured person, keyed by the document's ISP codes.
type InsuredPerson struct {
	Name      string                     `json:"ISP001"`
	BirthDate string                     `json:"ISP003,omitempty"`
	IDType    IDType                     `json:"ISP004"`
	IDNumber  string                     `json:"ISP005"`
	Mobile    string                     `json:"ISP011,omitempty"`
	Email     string                     `json:"ISP012,omitempty"`
	Extra     map[string]json.RawMessage `json:"-"`
}

// InsuredObject is one insured subject (the vehicle owner in the
// document's example). Risk factors differ per product, so FactorTable
// keeps each value as the JSON it was (string or number).
type InsuredObject struct {
	Name               string                     `json:"name,omitempty"`
	Code               string                     `json:"code,omitempty"`
	Type               string                     `json:"type,omitempty"`
	PlanCode           string                     `json:"plan_code"`
	FactorTable        map[string]json.RawMessage `json:"factor_table,omitempty"`
	ComponentSelection map[string]bool            `json:"componentSelection"`
	Extra              map[string]json.RawMessage `json:"-"`
}

// QuotationRequest is the body of a quotation.
type QuotationRequest struct {
	ChannelCode         string                     `json:"channelCode"`
	ProductID           string                     `json:"productId"`
	EffectiveDate       string                     `json:"effectiveDate"`
	ExpiredDate         string                     `json:"expiredDate"`
	Campaigns           []Campaign                 `json:"campaigns,omitempty"`
	PolicyHolder        PolicyHolder               `json:"policyHolder"`
	PolicyInsuredPeople []InsuredPerson            `json:"policyInsuredPeople"`
	InsuredObjects      []InsuredObject            `json:"insuredObjects"`
	Extra               map[string]json.RawMessage `json:"-"`
}

// IssuanceRequest is the body of an issuance: a quotation's body plus the
// quotation number it turns into a policy.
type IssuanceRequest struct {
	ChannelCode         string                     `json:"channelCode"`
	ProductID           string                     `json:"productId"`
	EffectiveDate       string                     `json:"effectiveDate"`
	ExpiredDate         string                     `json:"expiredDate"`
	QuotationNumber     string                     `json:"quotationNumber,omitempty"`
	Campaigns           []Campaign                 `json:"campaigns,omitempty"`
	PolicyHolder        PolicyHolder               `json:"policyHolder"`
	PolicyInsuredPeople []InsuredPerson            `json:"policyInsuredPeople"`
	InsuredObjects      []InsuredObject            `json:"insuredObjects"`
	Extra               map[string]json.RawMessage `json:"-"`
}

// Cancellation application types.
const (
	ApplyByInsurer      = "APLY_BY_INSURER"
	ApplyByPolicyHolder = "APLY_BY_POLICY_HOLDER"
	ApplyByUnderwriter  = "APLY_BY_UNDERWRITER"
)

// CancellationRequest is the body of a cancellation (surrender).
type CancellationRequest struct {
	PolicyNumber    string                     `json:"policyNumber"`
	ChannelCode     string                     `json:"channelCode"`
	ApplicationDate string                     `json:"applicationDate"`
	ApplicationType string                     `json:"applicationType"`
	Extra           map[string]json.RawMessage `json:"-"`
}

// Fee is a quotation's premium breakdown, each amount as the server wrote
// it.
type Fee struct {
	Commission Amount                     `json:"COMMISSION,omitempty"`
	APP        Amount                     `json:"APP,omitempty"` // actual payable premium
	AGP        Amount                     `json:"AGP,omitempty"` // adjusted gross premium
	SNP        Amount                     `json:"SNP,omitempty"` // standard net premium
	ANP        Amount                     `json:"ANP,omitempty"` // adjusted net premium
	SGP        Amount                     `json:"SGP,omitempty"` // standard gross premium
	Extra      map[string]json.RawMessage `json:"-"`
}

// Amount is a fee amount kept as the JSON the server sent: the document's
// are numbers, printed digit for digit (no float rounding); one sent as a
// string ("30", or "") stays a string instead of failing the whole answer
// or turning into a number.
type Amount []byte

// MarshalJSON writes the amount as it was received.
func (a Amount) MarshalJSON() ([]byte, error) {
	if len(a) == 0 {
		return []byte("null"), nil
	}
	return a, nil
}

// UnmarshalJSON keeps a number or a string; anything else is not an amount.
func (a *Amount) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*a = nil
	case len(b) > 0 && (b[0] == '"' || b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*a = append((*a)[:0], b...)
	default:
		return fmt.Errorf("a fee amount must be a number, not %s", b)
	}
	return nil
}

// String is the amount for a table: a number's digits, a string's text.
func (a Amount) String() string {
	var s string
	if len(a) > 0 && a[0] == '"' && json.Unmarshal(a, &s) == nil {
		return s
	}
	return string(a)
}

// QuotationResponse is a quotation's answer.
type QuotationResponse struct {
	QuotationNumber string                     `json:"quotationNumber"`
	Fee             *Fee                       `json:"fee,omitempty"`
	Extra           map[string]json.RawMessage `json:"-"`
	Raw             []byte                     `json:"-"` // the body as received
	Warnings        []string                   `json:"-"` // e.g. an unsigned response
}

// IssuanceResponse is an issuance's answer.
type IssuanceResponse struct {
	PolicyNumber string                     `json:"policyNumber"`
	Status       string                     `json:"status,omitempty"` // "EFFECTIVE"
	Extra        map[string]json.RawMessage `json:"-"`
	Raw          []byte                     `json:"-"`
	Warnings     []string                   `json:"-"`
}

// CancellationResponse is a cancellation's answer. Success is a pointer so
// an absent member stays absent when the answer is printed again.
type CancellationResponse struct {
	EndorsementNumber string                     `json:"endorsement_number"`
	Success           *bool                      `json:"success,omitempty"`
	Extra             map[string]json.RawMessage `json:"-"`
	Raw               []byte                     `json:"-"`
	Warnings          []string                   `json:"-"`
}

// The methods below route every type through decodeKeeping/encodeKeeping;
// the local "plain" types drop the methods so the calls do not recurse.

func (v *Campaign) UnmarshalJSON(b []byte) error {
	type plain Campaign
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v Campaign) MarshalJSON() ([]byte, error) {
	type plain Campaign
	return encodeKeeping(plain(v), v.Extra)
}
func (v *PolicyHolder) UnmarshalJSON(b []byte) error {
	type plain PolicyHolder
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v PolicyHolder) MarshalJSON() ([]byte, error) {
	type plain PolicyHolder
	return encodeKeeping(plain(v), v.Extra)
}
func (v *InsuredPerson) UnmarshalJSON(b []byte) error {
	type plain InsuredPerson
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v InsuredPerson) MarshalJSON() ([]byte, error) {
	type plain InsuredPerson
	return encodeKeeping(plain(v), v.Extra)
}
func (v *InsuredObject) UnmarshalJSON(b []byte) error {
	type plain InsuredObject
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v InsuredObject) MarshalJSON() ([]byte, error) {
	type plain InsuredObject
	return encodeKeeping(plain(v), v.Extra)
}
func (v *QuotationRequest) UnmarshalJSON(b []byte) error {
	type plain QuotationRequest
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v QuotationRequest) MarshalJSON() ([]byte, error) {
	type plain QuotationRequest
	return encodeKeeping(plain(v), v.Extra)
}
func (v *IssuanceRequest) UnmarshalJSON(b []byte) error {
	type plain IssuanceRequest
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v IssuanceRequest) MarshalJSON() ([]byte, error) {
	type plain IssuanceRequest
	return encodeKeeping(plain(v), v.Extra)
}
func (v *CancellationRequest) UnmarshalJSON(b []byte) error {
	type plain CancellationRequest
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v CancellationRequest) MarshalJSON() ([]byte, error) {
	type plain CancellationRequest
	return encodeKeeping(plain(v), v.Extra)
}
func (v *Fee) UnmarshalJSON(b []byte) error {
	type plain Fee
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v Fee) MarshalJSON() ([]byte, error) {
	type plain Fee
	return encodeKeeping(plain(v), v.Extra)
}
func (v *QuotationResponse) UnmarshalJSON(b []byte) error {
	type plain QuotationResponse
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v QuotationResponse) MarshalJSON() ([]byte, error) {
	type plain QuotationResponse
	return encodeKeeping(plain(v), v.Extra)
}
func (v *IssuanceResponse) UnmarshalJSON(b []byte) error {
	type plain IssuanceResponse
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v IssuanceResponse) MarshalJSON() ([]byte, error) {
	type plain IssuanceResponse
	return encodeKeeping(plain(v), v.Extra)
}
func (v *CancellationResponse) UnmarshalJSON(b []byte) error {
	type plain CancellationResponse
	return decodeKeeping(b, (*plain)(v), &v.Extra)
}
func (v CancellationResponse) MarshalJSON() ([]byte, error) {
	type plain CancellationResponse
	return encodeKeeping(plain(v), v.Extra)
}
