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

// The sandbox's persisted state is rows (pkg/sandbox/state): one per
// quotation and per policy, keyed by its number, and one counter per number
// prefix, so a request costs the same however many are stored.
const (
	kindQuote  = "ebao.quotation"
	kindPolicy = "ebao.policy"
	kindSeq    = "ebao.seq"
)

// record is the rows one request reads and writes, inside one transaction.
type record struct {
	tx state.Tx
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
func (d *record) next(prefix string, now time.Time) (string, error) {
	n, err := state.Next(d.tx, kindSeq, prefix)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%s%010d", prefix, now.In(beijing).Format("060102"), n), nil
}

// quote is the stored quotation, nil when there is none.
func (d *record) quote(number string) (*quoteRec, error) {
	var q quoteRec
	if ok, err := state.GetJSON(d.tx, kindQuote, number, &q); !ok || err != nil {
		return nil, err
	}
	return &q, nil
}

func (d *record) putQuote(number string, q *quoteRec) error {
	return state.PutJSON(d.tx, kindQuote, number, q)
}

// policy is the stored policy, nil when there is none.
func (d *record) policy(number string) (*policyRec, error) {
	var p policyRec
	if ok, err := state.GetJSON(d.tx, kindPolicy, number, &p); !ok || err != nil {
		return nil, err
	}
	return &p, nil
}

func (d *record) putPolicy(number string, p *policyRec) error {
	return state.PutJSON(d.tx, kindPolicy, number, p)
}

// refusal is a business refusal decided inside a state update; returning
// it aborts the update, so nothing is saved.
type refusal struct{ field, msg string }

func (r *refusal) Error() string { return r.field + ": " + r.msg }

// update runs fn on the state and turns a refusal into a 400.
func (s *server) update(r *http.Request, fn func(d *record) error) *reply {
	err := s.store.Tx(r.Context(), func(tx state.Tx) error {
		return fn(&record{tx: tx})
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

// pricedRequest is the part of a quotation or issuance the sandbox prices,
// compares and stores, taken from the body checkPolicy has passed (so every
// member read here has its type): decoding the body a second time, into
// structs, was about 8% of the sandbox's CPU a quotation.
func pricedRequest(m map[string]any) *ebao.IssuanceRequest {
	str := func(o map[string]any, k string) string { s, _ := o[k].(string); return s }
	req := &ebao.IssuanceRequest{ChannelCode: str(m, "channelCode"), ProductID: str(m, "productId"),
		EffectiveDate: str(m, "effectiveDate"), ExpiredDate: str(m, "expiredDate"), QuotationNumber: str(m, "quotationNumber")}
	campaigns, _ := m["campaigns"].([]any)
	for _, v := range campaigns {
		o, _ := v.(map[string]any)
		req.Campaigns = append(req.Campaigns, ebao.Campaign{Code: str(o, "code"), Voucher: str(o, "voucher")})
	}
	objects, _ := m["insuredObjects"].([]any)
	for _, v := range objects {
		o, _ := v.(map[string]any)
		sel, _ := o["componentSelection"].(map[string]any)
		selected := make(map[string]bool, len(sel))
		for k, b := range sel {
			selected[k], _ = b.(bool)
		}
		req.InsuredObjects = append(req.InsuredObjects, ebao.InsuredObject{PlanCode: str(o, "plan_code"), ComponentSelection: selected})
	}
	return req
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
	req := pricedRequest(m)
	eff, _ := ebao.ParseDate(req.EffectiveDate)
	exp, _ := ebao.ParseDate(req.ExpiredDate)
	now := s.now().In(beijing)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, beijing)
	if eff.Before(today) {
		return fail(s.bad(r, "effectiveDate", "must not be in the past (today is "+today.Format("2006-01-02")+" in Beijing)"))
	}
	if exp.Sub(eff) > 366*24*time.Hour {
		return fail(s.bad(r, "expiredDate", "a policy lasts at most 366 days"))
	}
	f, field, msg := price(req)
	if field != "" {
		return fail(s.bad(r, field, msg))
	}
	return req, f, nil
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
		var err error
		if number, err = d.next("Q", now); err != nil {
			return err
		}
		return d.putQuote(number, &quoteRec{ProductID: req.ProductID, ChannelCode: req.ChannelCode,
			EffectiveDate: eff, ExpiredDate: exp, Fees: f, QuotedAt: now})
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
		q, err := d.quote(req.QuotationNumber)
		switch {
		case err != nil:
			return err
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
		if number, err = d.next("P", now); err != nil {
			return err
		}
		q.PolicyNumber = number
		if err := d.putQuote(req.QuotationNumber, q); err != nil {
			return err
		}
		return d.putPolicy(number, &policyRec{QuotationNumber: req.QuotationNumber, ProductID: req.ProductID,
			ChannelCode: req.ChannelCode, Status: statusEffective, Fees: f, IssuedAt: now})
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
		p, err := d.policy(req.PolicyNumber)
		switch {
		case err != nil:
			return err
		case p == nil:
			return &refusal{"policyNumber", "unknown policy " + req.PolicyNumber}
		case p.ChannelCode != req.ChannelCode:
			return &refusal{"channelCode", "policy " + req.PolicyNumber + " belongs to another channel"}
		case p.Status != statusEffective:
			return &refusal{"policyNumber", "policy " + req.PolicyNumber + " is not effective (status " + p.Status + ", endorsement " + p.EndorsementNumber + ")"}
		}
		if number, err = d.next("E", now); err != nil {
			return err
		}
		p.Status, p.EndorsementNumber = statusCancelled, number
		p.ApplicationType, p.ApplicationDate = req.ApplicationType, req.ApplicationDate
		return d.putPolicy(req.PolicyNumber, p)
	}); rep != nil {
		return *rep
	}
	return reply{http.StatusOK, struct {
		EndorsementNumber string `json:"endorsement_number"`
		Success           bool   `json:"success"`
	}{number, true}}
}
