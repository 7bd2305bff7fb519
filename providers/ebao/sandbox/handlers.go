package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/ebao"
)

// record is the sandbox's persisted state (one JSON document).
type record struct {
	Seq      map[string]int64      `json:"seq"` // last number per prefix
	Quotes   map[string]*quoteRec  `json:"quotes"`
	Policies map[string]*policyRec `json:"policies"`
}

type quoteRec struct {
	ProductID     string    `json:"productId"`
	ChannelCode   string    `json:"channelCode"`
	EffectiveDate time.Time `json:"effectiveDate"`
	ExpiredDate   time.Time `json:"expiredDate"`
	Fees          fees      `json:"fees"` // fen
	QuotedAt      time.Time `json:"quotedAt"`
	PolicyNumber  string    `json:"policyNumber,omitempty"` // set once issued
}

// Policy statuses; the document shows only EFFECTIVE.
const (
	statusEffective = "EFFECTIVE"
	statusCancelled = "CANCELLED"
)

type policyRec struct {
	QuotationNumber   string    `json:"quotationNumber"`
	ProductID         string    `json:"productId"`
	ChannelCode       string    `json:"channelCode"`
	Status            string    `json:"status"`
	Fees              fees      `json:"fees"`
	IssuedAt          time.Time `json:"issuedAt"`
	EndorsementNumber string    `json:"endorsementNumber,omitempty"`
	ApplicationType   string    `json:"applicationType,omitempty"`
	ApplicationDate   string    `json:"applicationDate,omitempty"`
}

var beijing = time.FixedZone("CST", 8*3600)

// next allocates a number: prefix, the Beijing date as yyMMdd, then a
// 10-digit sequence that never repeats across days (Q1507160000000010).
func (d *record) next(prefix string, now time.Time) string {
	if d.Seq == nil {
		d.Seq = map[string]int64{}
	}
	d.Seq[prefix]++
	return fmt.Sprintf("%s%s%010d", prefix, now.In(beijing).Format("060102"), d.Seq[prefix])
}

// refusal is a business refusal decided inside a state update; returning
// it aborts the update, so nothing is saved.
type refusal struct{ field, msg string }

func (r *refusal) Error() string { return r.field + ": " + r.msg }

// update runs fn on the state and turns a refusal into a 400.
func (s *server) update(r *http.Request, fn func(d *record) error) *reply {
	err := state.UpdateJSON(s.store, stateName, func(d *record) error {
		if d.Quotes == nil {
			d.Quotes = map[string]*quoteRec{}
		}
		if d.Policies == nil {
			d.Policies = map[string]*policyRec{}
		}
		return fn(d)
	})
	var ref *refusal
	switch {
	case errors.As(err, &ref):
		rep := s.bad(r, ref.field, ref.msg)
		return &rep
	case err != nil:
		rep := s.failure(r, http.StatusInternalServerError, "state store: "+err.Error())
		return &rep
	}
	return nil
}

// policyRequest decodes and checks a quotation or issuance body and prices
// it, or returns the 400 the service would send.
func (s *server) policyRequest(r *http.Request, body []byte) (*ebao.IssuanceRequest, fees, *reply) {
	fail := func(rep reply) (*ebao.IssuanceRequest, fees, *reply) { return nil, fees{}, &rep }
	m, err := decode(body)
	if err != nil {
		return fail(s.failure(r, http.StatusBadRequest, "JSON parse error: "+err.Error()))
	}
	if c := checkPolicy(m); !c.ok() {
		return fail(s.bad(r, c.field, c.msg))
	}
	var req ebao.IssuanceRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return fail(s.failure(r, http.StatusBadRequest, "JSON parse error: "+err.Error()))
	}
	eff, _ := ebao.ParseDate(req.EffectiveDate)
	exp, _ := ebao.ParseDate(req.ExpiredDate)
	now := s.now().In(beijing)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, beijing)
	if eff.Before(today) {
		return fail(s.bad(r, "effectiveDate", "must not be in the past"))
	}
	if exp.Sub(eff) > 366*24*time.Hour {
		return fail(s.bad(r, "expiredDate", "a policy lasts at most 366 days"))
	}
	f, field, msg := price(&req)
	if field != "" {
		return fail(s.bad(r, field, msg))
	}
	return &req, f, nil
}

func (s *server) quote(r *http.Request, body []byte) reply {
	req, f, rep := s.policyRequest(r, body)
	if rep != nil {
		return *rep
	}
	eff, _ := ebao.ParseDate(req.EffectiveDate)
	exp, _ := ebao.ParseDate(req.ExpiredDate)
	now := s.now()
	var number string
	if rep := s.update(r, func(d *record) error {
		number = d.next("Q", now)
		d.Quotes[number] = &quoteRec{ProductID: req.ProductID, ChannelCode: req.ChannelCode,
			EffectiveDate: eff, ExpiredDate: exp, Fees: f, QuotedAt: now}
		return nil
	}); rep != nil {
		return *rep
	}
	return reply{http.StatusOK, struct {
		Fee             feeJSON `json:"fee"`
		QuotationNumber string  `json:"quotationNumber"`
	}{f.wire(), number}}
}

func (s *server) issue(r *http.Request, body []byte) reply {
	req, f, rep := s.policyRequest(r, body)
	if rep != nil {
		return *rep
	}
	if req.QuotationNumber == "" {
		return s.bad(r, "quotationNumber", "must not be null: quote first and issue that quotation")
	}
	eff, _ := ebao.ParseDate(req.EffectiveDate)
	exp, _ := ebao.ParseDate(req.ExpiredDate)
	now := s.now()
	var number string
	if rep := s.update(r, func(d *record) error {
		q := d.Quotes[req.QuotationNumber]
		switch {
		case q == nil:
			return &refusal{"quotationNumber", "unknown quotation " + req.QuotationNumber}
		case q.PolicyNumber != "":
			return &refusal{"quotationNumber", "quotation " + req.QuotationNumber + " was already issued as policy " + q.PolicyNumber}
		case q.ProductID != req.ProductID:
			return &refusal{"productId", "differs from quotation " + req.QuotationNumber}
		case q.ChannelCode != req.ChannelCode:
			return &refusal{"channelCode", "differs from quotation " + req.QuotationNumber}
		case !q.EffectiveDate.Equal(eff):
			return &refusal{"effectiveDate", "differs from quotation " + req.QuotationNumber}
		case !q.ExpiredDate.Equal(exp):
			return &refusal{"expiredDate", "differs from quotation " + req.QuotationNumber}
		case q.Fees != f:
			return &refusal{"insuredObjects", "the plans, coverages or campaigns differ from quotation " + req.QuotationNumber + " (the premium would change)"}
		}
		number = d.next("P", now)
		q.PolicyNumber = number
		d.Policies[number] = &policyRec{QuotationNumber: req.QuotationNumber, ProductID: req.ProductID,
			ChannelCode: req.ChannelCode, Status: statusEffective, Fees: f, IssuedAt: now}
		return nil
	}); rep != nil {
		return *rep
	}
	return reply{http.StatusOK, struct {
		PolicyNumber string `json:"policyNumber"`
		Status       string `json:"status"`
	}{number, statusEffective}}
}

func (s *server) cancel(r *http.Request, body []byte) reply {
	m, err := decode(body)
	if err != nil {
		return s.failure(r, http.StatusBadRequest, "JSON parse error: "+err.Error())
	}
	if c := checkCancellation(m); !c.ok() {
		return s.bad(r, c.field, c.msg)
	}
	var req ebao.CancellationRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return s.failure(r, http.StatusBadRequest, "JSON parse error: "+err.Error())
	}
	now := s.now()
	var number string
	if rep := s.update(r, func(d *record) error {
		p := d.Policies[req.PolicyNumber]
		switch {
		case p == nil:
			return &refusal{"policyNumber", "unknown policy " + req.PolicyNumber}
		case p.ChannelCode != req.ChannelCode:
			return &refusal{"channelCode", "policy " + req.PolicyNumber + " belongs to another channel"}
		case p.Status != statusEffective:
			return &refusal{"policyNumber", "policy " + req.PolicyNumber + " is not effective (status " + p.Status + ", endorsement " + p.EndorsementNumber + ")"}
		}
		number = d.next("E", now)
		p.Status, p.EndorsementNumber = statusCancelled, number
		p.ApplicationType, p.ApplicationDate = req.ApplicationType, req.ApplicationDate
		return nil
	}); rep != nil {
		return *rep
	}
	return reply{http.StatusOK, struct {
		EndorsementNumber string `json:"endorsement_number"`
		Success           bool   `json:"success"`
	}{number, true}}
}
