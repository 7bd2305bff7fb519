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
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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
	if err := ValidateQuotation(body); err != nil {
		return nil, err
	}
	out := &QuotationResponse{}
	if err := c.do(ctx, OpQuotation, PathQuotation, body, nil, out, &out.Raw, &out.Warnings); err != nil {
		return nil, err
	}
	if out.QuotationNumber == "" {
		if e := answerError(OpQuotation, out.Raw, ""); e != nil {
			return nil, e
		}
		return nil, malformed(OpQuotation, out.Raw, "the answer has no quotationNumber")
	}
	return out, nil
}

// Issue turns a quotation into a policy. A transport failure here leaves
// the outcome unknown and is reported as such (failure.Error.Unknown).
func (c *Client) Issue(ctx context.Context, body []byte) (*IssuanceResponse, error) {
	if err := ValidateIssuance(body); err != nil {
		return nil, err
	}
	var keys map[string]string
	var req struct {
		QuotationNumber string `json:"quotationNumber"`
	}
	if json.Unmarshal(body, &req) == nil && req.QuotationNumber != "" {
		keys = map[string]string{"quotationNumber": req.QuotationNumber}
	}
	out := &IssuanceResponse{}
	if err := c.do(ctx, OpIssuance, PathIssuance, body, keys, out, &out.Raw, &out.Warnings); err != nil {
		return nil, err
	}
	if out.PolicyNumber == "" {
		// A signed error body is the service refusing; anything else
		// without a policy number leaves the issuance in doubt.
		if e := answerError(OpIssuance, out.Raw, ""); e != nil {
			return nil, e
		}
		e := malformed(OpIssuance, out.Raw, "the answer has no policyNumber")
		e.Unknown = true
		e.Hint = checkHint(OpIssuance, req.QuotationNumber) + "; -o raw shows the body as received"
		return nil, e
	}
	return out, nil
}

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
	if err := c.do(ctx, OpCancellation, PathCancellation, body, keys, out, &out.Raw, &out.Warnings); err != nil {
		return nil, err
	}
	// Only "success": true is a cancellation: a signed error body is a
	// refusal, "success": false too, and anything else leaves it in doubt.
	if out.Success == nil {
		if e := answerError(OpCancellation, out.Raw, req.PolicyNumber); e != nil {
			return nil, e
		}
		e := malformed(OpCancellation, out.Raw, "the answer has no \"success\": true")
		e.Unknown = true
		e.Hint = checkHint(OpCancellation, req.PolicyNumber) + "; -o raw shows the body as received"
		return nil, e
	}
	if !*out.Success {
		e := failure.New(failure.Refused, Provider, OpCancellation,
			"the service did not cancel policy %s (success: false)", req.PolicyNumber).
			WithHint("check the policy's status and the application date and type")
		if ae := answerError(OpCancellation, out.Raw, req.PolicyNumber); ae != nil {
			e.Code, e.Message = ae.Code, e.Message+": "+ae.Message
		}
		return out, e
	}
	return out, nil
}

// do signs and sends body, verifies the answer's signature, maps error
// statuses and decodes a successful answer into out.
func (c *Client) do(ctx context.Context, op, path string, body []byte, keys map[string]string, out any, raw *[]byte, warnings *[]string) error {
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
		Header: h, Body: body, Keys: httpx.MergeKeys(keys, keyFields.FromBody(body)), KeysFromAnswer: keyFields.Answer(), Secrets: []string{c.cfg.SecretKey},
		Policy: Policies[op], CheckHint: checkHint(op, key),
	}
	resp, err := httpx.Send(ctx, c.cfg.HTTP, rq)
	if err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Kind == failure.Usage {
			fe.Hint = "set the profile's ebao endpoint to the service root, e.g. https://host:8090"
		}
		return err
	}
	b := resp.Body
	*raw = b

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
		*warnings = append(*warnings, msg)
	}

	if !ok2xx {
		return statusError(rq, resp)
	}
	if err := json.Unmarshal(b, out); err != nil {
		if e := answerError(op, b, keys["policyNumber"]); e != nil {
			return e
		}
		e := malformed(op, b, "the answer is not the expected JSON object: "+err.Error())
		if changes(op) {
			// The service took the request; what it did is not readable.
			e.Unknown = true
			e.Hint = checkHint(op, key) + "; -o raw shows the body as received"
		}
		return e
	}
	return nil
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
