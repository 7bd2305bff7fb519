// Package ebao is the client for eBao Cloud's policy API: quotation,
// issuance and cancellation, each a JSON POST authenticated by
// md5(body + secretKey) in the query string, each answer signed the same
// way into a response header that the client verifies.
//
// Operations take the request body as bytes and send exactly those bytes:
// the signature covers them, so the CLI can send a file unchanged and the
// user can reproduce the signature with `insure sign ebao`.
package ebao

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// The document's paths, relative to the service root.
const (
	PathQuotation    = "/pa_web/api/policies/quotations"
	PathIssuance     = "/pa_web/api/policies/issuances"
	PathCancellation = "/pa_web/api/endorsement/cancellation"
)

// DefaultSignatureHeader is the response header read when the profile names
// none. The document says the answer is signed into a header but not which.
const DefaultSignatureHeader = "signature"

// Policies are what each operation accepts back and whether it may be
// repeated (docs/reliability.md). The documented answers are a few hundred
// bytes, so 1 MiB is ample; issuance and cancellation act, so a failure
// leaves their outcome unknown and they are never repeated.
var Policies = map[string]httpx.Policy{
	OpQuotation:    {Limit: httpx.SmallLimit, Retry: httpx.Idempotent},
	OpIssuance:     {Limit: httpx.SmallLimit, Retry: httpx.NoRetry, Acts: true},
	OpCancellation: {Limit: httpx.SmallLimit, Retry: httpx.NoRetry, Acts: true},
}

// Config is what a profile supplies.
type Config struct {
	BaseURL   string // service root, e.g. https://host:8090 (no /pa_web)
	AccessKey string
	SecretKey string
	HTTP      *http.Client // nil: http.DefaultClient
	// SignatureHeader names the response header carrying the answer's
	// signature (default "signature").
	SignatureHeader string
	// RequireResponseSignature makes a successful answer without the header
	// a Verification error; when false it is accepted with a warning in the
	// response's Warnings.
	RequireResponseSignature bool
}

// Client talks to one eBao Cloud endpoint with one key pair.
type Client struct {
	cfg Config
}

// New returns a Client, filling Config's defaults.
func New(cfg Config) *Client {
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if strings.TrimSpace(cfg.SignatureHeader) == "" {
		cfg.SignatureHeader = DefaultSignatureHeader
	}
	return &Client{cfg: cfg}
}

// Quote sends a quotation body and returns the premium and quotation number.
func (c *Client) Quote(ctx context.Context, body []byte) (*QuotationResponse, error) {
	req, err := CheckQuotation(body)
	if err != nil {
		return nil, err
	}
	return c.QuoteChecked(ctx, req)
}

// QuoteChecked is Quote for a body CheckQuotation accepted; a Checked made
// any other way is checked here.
func (c *Client) QuoteChecked(ctx context.Context, req *Checked) (*QuotationResponse, error) {
	if req.op != OpQuotation {
		return c.Quote(ctx, req.Body)
	}
	out := &QuotationResponse{}
	if err := c.do(ctx, OpQuotation, PathQuotation, req.Body, keyFields.FromDoc(req.doc), out); err != nil {
		return nil, err
	}
	return out, nil
}

// A result is an operation's decoded answer; settle says whether it is
// one (nil) or what went wrong, from the answer alone. The client and the
// journal (httpx.Request.Judge) both read answers through it.
type result interface {
	raw() *[]byte
	warnings() *[]string
	settle(keys map[string]string) error
}

func (r *QuotationResponse) raw() *[]byte        { return &r.Raw }
func (r *QuotationResponse) warnings() *[]string { return &r.Warnings }

func (r *QuotationResponse) settle(map[string]string) error {
	if r.QuotationNumber == "" {
		if e := answerError(OpQuotation, r.Raw, ""); e != nil {
			return e
		}
		return malformed(OpQuotation, r.Raw, "the answer has no quotationNumber")
	}
	return nil
}

// Issue turns a quotation into a policy. A transport failure here leaves
// the outcome unknown and is reported as such (failure.Error.Unknown).
func (c *Client) Issue(ctx context.Context, body []byte) (*IssuanceResponse, error) {
	req, err := CheckIssuance(body)
	if err != nil {
		return nil, err
	}
	return c.IssueChecked(ctx, req)
}

// IssueChecked is Issue for a body CheckIssuance accepted; a Checked made
// any other way is checked here.
func (c *Client) IssueChecked(ctx context.Context, req *Checked) (*IssuanceResponse, error) {
	if req.op != OpIssuance {
		return c.Issue(ctx, req.Body)
	}
	// keyFields holds quotationNumber: the quotation being bought is a
	// key of the row (and settles an answer without a policy number).
	out := &IssuanceResponse{}
	if err := c.do(ctx, OpIssuance, PathIssuance, req.Body, keyFields.FromDoc(req.doc), out); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *IssuanceResponse) raw() *[]byte        { return &r.Raw }
func (r *IssuanceResponse) warnings() *[]string { return &r.Warnings }

func (r *IssuanceResponse) settle(keys map[string]string) error {
	if r.PolicyNumber == "" {
		// A signed error body is the service refusing; anything else
		// without a policy number leaves the issuance in doubt.
		if e := answerError(OpIssuance, r.Raw, keys["quotationNumber"]); e != nil {
			return e
		}
		e := malformed(OpIssuance, r.Raw, "the answer has no policyNumber")
		e.Unknown = true
		e.Hint = checkHint(OpIssuance, keys["quotationNumber"]) + "; -o raw shows the body as received"
		return e
	}
	if r.Status != "" && r.Status != StatusEffective {
		// The document shows only EFFECTIVE. A policy number with
		// another status is issued, but may not be in force: say so
		// rather than print it as any other issuance.
		r.Warnings = append(r.Warnings, fmt.Sprintf("policy %s was issued with status %q, not %s: it may not be in force yet; ask eBao before relying on it", r.PolicyNumber, r.Status, StatusEffective))
	}
	return nil
}

// StatusEffective is the status of an issued policy that is in force.
const StatusEffective = "EFFECTIVE"

// Cancel surrenders a policy. When the service answers 200 with
// "success": false, Cancel returns the response together with a Refused
// error, so the caller can still print what came back.
func (c *Client) Cancel(ctx context.Context, body []byte) (*CancellationResponse, error) {
	if err := ValidateCancellation(body); err != nil {
		return nil, err
	}
	var req CancellationRequest
	_ = json.Unmarshal(body, &req) // validated above
	keys := map[string]string{"policyNumber": req.PolicyNumber}
	out := &CancellationResponse{}
	if err := c.do(ctx, OpCancellation, PathCancellation, body, httpx.MergeKeys(keys, keyFields.FromBody(body)), out); err != nil {
		if out.Success != nil && !*out.Success {
			return out, err // refused: what came back can still be printed
		}
		return nil, err
	}
	return out, nil
}

func (r *CancellationResponse) raw() *[]byte        { return &r.Raw }
func (r *CancellationResponse) warnings() *[]string { return &r.Warnings }

// settle: "success": true with an endorsement number is a cancellation,
// and so is an endorsement number without "success" (the document's
// table of the answer lists that number alone; its example adds
// "success": true). A signed error body is a refusal, "success": false
// too, and anything else ("success": true alone included) leaves it in
// doubt.
func (r *CancellationResponse) settle(keys map[string]string) error {
	policy := keys["policyNumber"]
	if r.Success == nil {
		// The endorsement number is the answer the document's table
		// gives: with it, a message member beside it ("退保成功") is
		// not a refusal.
		if strings.TrimSpace(r.EndorsementNumber) != "" {
			return nil
		}
		if e := answerError(OpCancellation, r.Raw, policy); e != nil {
			return e
		}
		e := malformed(OpCancellation, r.Raw, "the answer has no \"success\": true")
		e.Unknown = true
		e.Hint = checkHint(OpCancellation, policy) + "; -o raw shows the body as received"
		return e
	}
	if !*r.Success {
		e := failure.New(failure.Refused, Provider, OpCancellation,
			"the service did not cancel policy %s (success: false)", policy).
			WithHint("check the policy's status and the application date and type")
		if ae := answerError(OpCancellation, r.Raw, policy); ae != nil {
			e.Code, e.Message = ae.Code, e.Message+": "+ae.Message
		}
		return e
	}
	if strings.TrimSpace(r.EndorsementNumber) == "" {
		// The endorsement number is the answer the document's table
		// gives. Without it the cancellation cannot be shown or found
		// later, as an issuance without its policy number cannot: the
		// outcome is in doubt rather than printed with an empty number.
		e := malformed(OpCancellation, r.Raw, "the answer says \"success\": true but has no endorsement_number")
		e.Unknown = true
		e.Hint = checkHint(OpCancellation, policy) + "; -o raw shows the body as received"
		return e
	}
	return nil
}

// do signs and sends body and reads the answer into out (read); keys are
// the request's journal keys.
func (c *Client) do(ctx context.Context, op, path string, body []byte, keys map[string]string, out result) error {
	key := keys["quotationNumber"] + keys["policyNumber"]
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	// The signature is not a secret: it covers one body only, and showing
	// it (in -v and --dry-run) is what lets an engineer compare it with
	// `insure sign ebao`. The secret key never leaves this process, and
	// errors never quote the signed URL's query.
	rq := httpx.Request{
		Provider: Provider, Operation: op, Method: http.MethodPost,
		URL:    SignedURL(c.cfg.BaseURL, path, c.cfg.AccessKey, body, c.cfg.SecretKey),
		Header: h, Body: body, Keys: keys, KeysFromAnswer: keyFields.Answer(), Secrets: []string{c.cfg.SecretKey},
		Policy: Policies[op], CheckHint: checkHint(op, key),
	}
	// The journal row says what this client makes of the answer: a
	// refusal inside a 200 (success false, an error message) is failed.
	// The reading is kept: when the answer returned is the one judged (it
	// is, unless a judged attempt was retried), it is not read twice. An
	// answer that took more than one attempt is read again: the journal
	// judges each attempt before the attempts are counted, and the error
	// must say how many times the request was sent.
	var judged struct {
		resp *httpx.Response
		res  result
		err  error
	}
	rq.Judge = func(r *httpx.Response) error {
		judged.resp = nil // set only once read returns: a read that panics is not kept
		res := fresh(out)
		err := c.read(op, rq, r, keys, res)
		judged.resp, judged.res, judged.err = r, res, err
		return err
	}
	resp, err := httpx.Send(ctx, c.cfg.HTTP, rq)
	if err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Kind == failure.Usage {
			fe.Hint = "set the profile's ebao endpoint to the service root, e.g. https://host:8090"
		}
		return err
	}
	if j := judged.resp; j != nil && resp.Attempts <= 1 && j.Status == resp.Status && bytes.Equal(j.Body, resp.Body) {
		assign(out, judged.res)
		return judged.err
	}
	return c.read(op, rq, resp, keys, out)
}

// assign sets out to from, a result of the same type (fresh(out)).
func assign(out, from result) {
	switch o := out.(type) {
	case *QuotationResponse:
		*o = *from.(*QuotationResponse)
	case *IssuanceResponse:
		*o = *from.(*IssuanceResponse)
	case *CancellationResponse:
		*o = *from.(*CancellationResponse)
	}
}

// fresh is an empty result of out's type, for reading an answer a second
// time without touching out.
func fresh(out result) result {
	switch out.(type) {
	case *IssuanceResponse:
		return &IssuanceResponse{}
	case *CancellationResponse:
		return &CancellationResponse{}
	}
	return &QuotationResponse{}
}

// read verifies the answer's signature, maps error statuses, decodes a
// successful answer into out and settles it.
func (c *Client) read(op string, rq httpx.Request, resp *httpx.Response, keys map[string]string, out result) error {
	key := keys["quotationNumber"] + keys["policyNumber"]
	b := resp.Body
	*out.raw() = b

	ok2xx := resp.Status >= 200 && resp.Status < 300
	name := c.cfg.SignatureHeader
	authFailed := resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden
	if vals := resp.Header.Values(name); len(vals) > 0 {
		if !VerifyResponse(b, c.cfg.SecretKey, vals[0]) {
			if authFailed {
				// A wrong secret-key explains both the refusal and the
				// mismatch; exit 3 points at the key, the real problem.
				e := statusError(rq, resp)
				e.Message += " (the answer's signature does not verify either, as expected with a wrong secret-key)"
				return e
			}
			u := &UnverifiedResponse{Status: resp.Status, Header: name, Got: vals[0], Raw: b,
				Reason: fmt.Sprintf("the %q header of the answer (HTTP %d) does not match its body", name, resp.Status)}
			e := verificationError(op, u, "the answer may have been altered on the way or signed with another key: check the profile's secret-key; -o raw shows the body as received")
			if ok2xx && changes(op) {
				// The service accepted the request; only its answer is in doubt.
				e.Unknown = true
				e.Hint += "; " + checkHint(op, key)
			}
			return e
		}
	} else if ok2xx {
		// Error answers from a gateway or the framework are often unsigned;
		// only a successful answer, whose content is acted upon, must be.
		msg := fmt.Sprintf("the answer carries no %q header, so its body is not verified", name)
		if other := signatureLike(resp.Header); other != "" {
			msg += fmt.Sprintf(" (it has %q: set the profile's response-signature-header)", other)
		}
		if c.cfg.RequireResponseSignature {
			u := &UnverifiedResponse{Status: resp.Status, Header: name, Raw: b, Reason: msg}
			return verificationError(op, u, "if the service does not sign its answers, set the profile to warn instead of failing on a missing signature")
		}
		*out.warnings() = append(*out.warnings(), msg)
	}

	if !ok2xx {
		e := statusError(rq, resp)
		if se, ok := e.Err.(*ServerError); ok {
			se.Signed = len(resp.Header.Values(name)) > 0
		}
		return e
	}
	if err := json.Unmarshal(b, out); err != nil {
		// A decoder that fails half way has already set what it read, and
		// a member of the wrong type may be left at its zero value
		// ("success": "true" read as false): none of it is the answer,
		// so none of it may reach a caller that prints a response.
		assign(out, fresh(out))
		*out.raw() = b
		if e := answerError(op, b, key); e != nil {
			return e
		}
		e := malformed(op, b, "the answer is not the expected JSON object: "+decodeProblem(err))
		if changes(op) {
			// The service took the request; what it did is not readable.
			e.Unknown = true
			e.Hint = checkHint(op, key) + "; -o raw shows the body as received"
		}
		return e
	}
	*out.raw() = b // a decoder may reset what it does not know
	return out.settle(keys)
}

// decodeProblem says what the decoder refused in the answer's terms (the
// member and the JSON it holds), not in the Go types it decodes into.
func decodeProblem(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" {
		return err.Error()
	}
	t := te.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	want := map[reflect.Kind]string{reflect.Bool: "true or false", reflect.String: "a string",
		reflect.Map: "an object", reflect.Struct: "an object", reflect.Slice: "an array"}[t.Kind()]
	if want == "" {
		want = "a " + t.Kind().String()
	}
	return fmt.Sprintf("member %s holds a JSON %s where %s belongs", te.Field, te.Value, want)
}

// malformed is a signed (or accepted) answer the client cannot use.
func malformed(op string, raw []byte, reason string) *failure.Error {
	u := &UnverifiedResponse{Status: http.StatusOK, Raw: raw, Reason: reason}
	return verificationError(op, u, "-o raw shows the body as received; report it to eBao")
}

// signatureLike finds a header that looks like a signature under another
// name, to point a misconfigured profile at the right one.
func signatureLike(h http.Header) string {
	for k := range h {
		if strings.Contains(strings.ToLower(k), "sign") {
			return k
		}
	}
	return ""
}
