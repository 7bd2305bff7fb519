// Package sunshine speaks the Sunshine motor-insurance partner platform
// (阳光车险): one servlet URL, GBK XML envelopes POSTed raw, MD5withRSA
// signatures both ways, and a purchase driven by numbered transactions
// (050 ... 135) that share a SessionId. See docs/providers/sunshine.md.
package sunshine

import (
	"bytes"
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// Provider is the provider name in errors and wire logs.
const Provider = "sunshine"

// Defaults used when Config leaves a field empty.
const (
	DefaultInsureType = "100"
	DefaultTo         = "Server" // what the manual's requests put in <To>
	DefaultRetries    = 2
	DefaultRetryDelay = 500 * time.Millisecond
)

// Config is what a client needs from a profile.
type Config struct {
	BaseURL    string // the servlet URL, e.g. http://host/InterFaceServlet
	SellerID   string
	AgentCode  string // e.g. W03210001
	InsureType string // default "100"
	From, To   string // header From/To; From defaults to SellerID, To to "Server"

	// What the partner agreed with Sunshine and the manual marks required:
	// the advertising source (spsource, a P05 code) and the online
	// campaign (netcampaignno, an H code) of every 100, and the payment
	// partner id (PartnerId) and product id (ItemId) of 130.
	SpSource, NetCampaignNo string
	PartnerID, ItemID       string

	// LookupURL is where the look-ups live (vehicle models, city codes,
	// regions, registration cities, field checks). Empty: the endpoint's
	// folder, which is where the sandbox serves them.
	LookupURL string

	PrivateKey        *rsa.PrivateKey // partner key, signs requests
	PlatformPublicKey *rsa.PublicKey  // verifies responses
	// SkipVerify accepts responses without checking their signature. Only
	// for diagnosing a platform whose key is not at hand; never a default.
	SkipVerify bool

	HTTP *http.Client
	Now  func() time.Time

	// Retries is how many times a request whose outcome is unknown (a
	// transport failure, HTTP 429 or 5xx) is sent again, byte for byte: the
	// platform promises the same answer to the same request. 0 means
	// DefaultRetries, negative means none. It feeds httpx.Send's policy.
	Retries int
	// RetryDelay is the back-off ceiling before the first retry, doubled
	// for each further one, the wait drawn below it (full jitter); a
	// Retry-After from the platform wins. 0 means DefaultRetryDelay,
	// negative means none.
	RetryDelay time.Duration
}

// Client sends transactions to the platform.
type Client struct {
	Config
}

// New returns a client; empty optional fields take their defaults.
func New(cfg Config) *Client {
	if cfg.InsureType == "" {
		cfg.InsureType = DefaultInsureType
	}
	if cfg.From == "" {
		cfg.From = cfg.SellerID
	}
	if cfg.To == "" {
		cfg.To = DefaultTo
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = DefaultRetries
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	switch {
	case cfg.RetryDelay == 0:
		cfg.RetryDelay = DefaultRetryDelay
	case cfg.RetryDelay < 0:
		cfg.RetryDelay = 0
	}
	return &Client{Config: cfg}
}

// Send builds, signs and sends one transaction and reads the answer.
//
// The error is nil for status 100 and 200 (check Response.NeedsInput). For
// 300 and 400 both the response and a Refused error are returned, so the
// caller can still show the answer. A response that fails its signature
// check or cannot be read is a Verification error; a transport failure,
// after the retries, a Network error naming the SessionId.
func (c *Client) Send(ctx context.Context, spec RequestSpec) (*Response, error) {
	b, err := c.Build(spec)
	if err != nil {
		return nil, err
	}
	return c.sendBytes(ctx, b)
}

// SendRaw sends a document the user wrote. The Header and Request go as
// written (no new SessionId or SendTime, since the file may be a replay);
// only the Sign is computed with the profile's key, which is a no-op on a
// document this client signed. A UTF-8 file (as editors save) is converted
// to GBK first and its declaration relabelled (see ToGBK); one GBK cannot
// write is refused with an *EncodingError naming the character and line.
func (c *Client) SendRaw(ctx context.Context, doc []byte) (*Response, error) {
	op := "txn.raw"
	gbk, err := toGBK(doc)
	if err != nil {
		fe := failure.New(failure.Usage, Provider, op, "the request file: %v; nothing was sent", err)
		var ee *EncodingError
		if errors.As(err, &ee) {
			fe.Hint, fe.Err = ee.Hint(), ee
		}
		return nil, fe
	}
	env, err := ParseEnvelope(gbk)
	if err != nil {
		return nil, failure.New(failure.Usage, Provider, op, "the request file is not an envelope: %v", err)
	}
	if env.Packages[0].Request == nil {
		return nil, failure.New(failure.Usage, Provider, op, "the request file has no <Request>")
	}
	if c.PrivateKey == nil {
		return nil, failure.Invalid(Provider, op, failure.FieldError{Field: "private-key", Rule: "required to sign requests"})
	}
	signed, err := SignDocument(gbk, "Request", c.PrivateKey)
	if err != nil {
		return nil, failure.New(failure.Usage, Provider, op, "cannot sign the request file: %v", err)
	}
	return c.sendBytes(ctx, signed)
}

// SendSigned sends a document Build made, byte for byte: how a step whose
// answer was lost is asked again, since the platform answers an identical
// request identically and a rebuilt one (a new SendTime) is a new request.
func (c *Client) SendSigned(ctx context.Context, signed []byte) (*Response, error) {
	return c.sendBytes(ctx, signed)
}

// utf8BOM is the byte-order mark Windows editors put before UTF-8 text.
var utf8BOM = []byte("\xef\xbb\xbf")

// toGBK puts a request file into the wire encoding. A leading UTF-8
// byte-order mark is dropped (it is no part of the document, and GBK has
// no place for it). The file is UTF-8 when it says so (its declaration, or
// a byte-order mark) or when it holds non-ASCII text that is valid UTF-8:
// it is then converted to GBK and its declaration relabelled GBK, also
// when all its text is ASCII (the bytes are the same, the label is not,
// and the platform refuses a request declared UTF-8). Anything else is
// taken to be GBK already and left as it is, as is a file that declares
// GBK and is GBK although its bytes would also read as UTF-8
// (GBKReadableAsUTF8). Either way a file without
// a declaration naming its encoding is given one (see declareGBK). A file
// that says UTF-8 but is not, or holds a character GBK cannot write, is
// an *EncodingError.
func toGBK(doc []byte) ([]byte, error) {
	bom := bytes.HasPrefix(doc, utf8BOM)
	doc = bytes.TrimPrefix(doc, utf8BOM)
	m := declEncoding().FindSubmatchIndex(doc)
	declaredUTF8 := false
	if m != nil {
		label := string(doc[m[2]:m[3]])
		declaredUTF8 = strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8")
	}
	valid := isUTF8(doc)
	switch {
	case !bom && GBKReadableAsUTF8(doc):
		return doc, nil // GBK, as it declares (see GBKReadableAsUTF8)
	case (declaredUTF8 || bom) && !valid:
		return nil, notUTF8(doc, declaredUTF8)
	case !declaredUTF8 && !bom && !(valid && hasNonASCII(doc)):
		return declareGBK(doc), nil
	}
	if m != nil {
		doc = splice(doc, m[2], m[3], []byte("GBK"))
	}
	out, err := EncodeGBK(doc)
	if err != nil {
		if ee := notGBK(doc); ee != nil {
			return nil, ee
		}
		return nil, err
	}
	return declareGBK(out), nil
}

func (c *Client) sendBytes(ctx context.Context, b []byte) (*Response, error) {
	env, err := ParseEnvelope(b)
	if err != nil {
		return nil, failure.New(failure.Usage, Provider, "txn", "cannot read the request: %v", err)
	}
	p := env.Packages[0]
	txn := Transaction(p.Header.RequestType)
	op := txn.Operation()
	keys := map[string]string{"sessionId": p.Header.SessionID}
	if p.Request != nil && p.Request.Order != nil {
		addOrderKeys(keys, p.Request.Order)
	}
	if !c.SkipVerify && c.PlatformPublicKey == nil {
		return nil, failure.Invalid(Provider, op, failure.FieldError{Field: "platform-public-key", Rule: "required to verify the platform's answers"})
	}
	h := http.Header{}
	h.Set("Content-Type", "text/xml; charset=GBK")
	resend := fmt.Sprintf("the platform answers an identical request identically: send the same signed request again (SessionId %s), e.g. from `insure history show`", p.Header.SessionID)
	rq := httpx.Request{
		Provider: Provider, Operation: op, Method: http.MethodPost, URL: c.BaseURL, Header: h, Body: b, Keys: httpx.MergeKeys(keys, keyFields.FromBody(b)), KeysFromAnswer: keyFields.Answer(),
		Policy: txn.Policy(), CheckHint: resend,
	}
	rq.Retry = c.retryPolicy()
	// The journal row says what this client makes of the answer: a 300 or
	// 400 status inside the envelope of a 200 is failed, not ok.
	rq.Judge = func(r *httpx.Response) error { _, err := c.readAnswer(rq, txn, p, resend, r); return err }
	res, err := httpx.Send(ctx, c.HTTP, rq)
	if err != nil {
		// Resending is the answer only where the request may have got
		// through; a connection never made keeps httpx's "nothing was sent".
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Kind == failure.Network && fe.Unknown {
			fe.Hint = resend
		}
		return nil, err
	}
	return c.readAnswer(rq, txn, p, resend, res)
}

// readAnswer reads the answer to the package p sent as txn: an HTTP error
// status, an envelope that does not verify or does not answer what was
// sent, and the platform's own 300 and 400 are errors (the last two with
// the response, which can still be shown).
func (c *Client) readAnswer(rq httpx.Request, txn Transaction, p Package, resend string, res *httpx.Response) (*Response, error) {
	op := txn.Operation()
	if fe := rq.StatusError(res); fe != nil {
		if fe.Kind == failure.Network && res.Status >= 500 {
			fe.Hint = resend // a 3xx keeps its own: the same address cannot help
		} else if fe.Kind == failure.Refused {
			fe.Hint = "check the endpoint URL in the profile: the platform answers every transaction 200 with an envelope"
		}
		return nil, fe
	}
	resp, err := c.readResponse(op, res.Body)
	if err == nil {
		err = crossCheck(op, p.Header, resp)
	}
	if err == nil {
		err = orderCheck(op, p.Header.SessionID, p.Request, resp)
	}
	if err != nil {
		if txn == TxnIssue || txn == TxnUnderwrite {
			err = actUnverified(txn, err.(*failure.Error), p.Header.SessionID, p.Request)
		}
		return nil, err
	}
	err = statusError(txn, resp)
	var fe *failure.Error
	if (txn == TxnIssue || txn == TxnUnderwrite) && errors.As(err, &fe) && fe.Kind == failure.Verification {
		// A status the manual does not define (its own 130 example
		// answers 2): the policy may be issued, or the proposal made,
		// all the same. The body verified, so what it says of the order
		// is the platform's.
		fe.Message += "; " + signedOrder(resp)
		err = actUnverified(txn, fe, p.Header.SessionID, p.Request)
	}
	if txn == TxnIssue {
		paidNotIssued(err, resp, p.Header.SessionID, p.Request)
	}
	if err == nil && txn == TxnIssue && resp.Status == StatusOK {
		err = policyCheck(op, p.Header.SessionID, p.Request, resp)
	}
	return resp, err
}

func addOrderKeys(keys map[string]string, o *Order) {
	var props, pols []string
	for _, s := range o.SubOrders {
		if s.ProposalNo != "" {
			props = append(props, s.ProposalNo)
		}
		if s.PolicyNo != "" {
			pols = append(pols, s.PolicyNo)
		}
	}
	if len(props) > 0 {
		keys["proposalNo"] = strings.Join(props, ",")
	}
	if len(pols) > 0 {
		keys["policyNo"] = strings.Join(pols, ",")
	}
}

// retryPolicy is httpx.Idempotent with the client's knobs: the platform
// promises the same answer to the same request, so even a purchase step is
// repeated byte for byte after a connection failure, a 429 or a 5xx.
func (c *Client) retryPolicy() httpx.RetryPolicy {
	p := httpx.Idempotent
	p.Attempts = c.Retries + 1
	p.Base = c.RetryDelay
	p.Max = max(p.Max, c.RetryDelay)
	return p
}

func (c *Client) readResponse(op string, body []byte) (*Response, error) {
	// Whether it is an envelope at all comes first: an HTML error page or
	// a proxy's text is not a signature problem, and saying so would send
	// people after their keys.
	resp, err := readEnvelopeAnswer(body)
	if errors.Is(err, errNoBody) {
		return bodiless(op, resp)
	}
	var repeated *RepeatedElementError
	if errors.As(err, &repeated) {
		// Which body the signature covers and which one would be shown
		// could differ: like a signature that fails, nothing of it is
		// trusted.
		return nil, &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
			Message: "the answer is malformed: " + err.Error() + "; none of them was trusted",
			Hint:    "the platform sends one Header, Sign and Response per package: the answer may have been altered on the way; check the endpoint URL and use HTTPS", Err: err}
	}
	if err != nil {
		if fe := mislabelled(op, body, err); fe != nil {
			return nil, fe
		}
		return nil, &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
			Message: "not an XML answer from the platform (" + describeBody(body) + "): " + err.Error(),
			Hint:    "check the endpoint URL in the profile: something other than the Sunshine servlet answered", Err: err}
	}
	if !c.SkipVerify {
		if err := VerifyDocument(body, "Response", c.PlatformPublicKey); err != nil {
			hint := "check platform-public-key in the profile; the answer was not trusted"
			if says := strings.Join(resp.ErrorMessages, " "); strings.Contains(says, "签名") || strings.Contains(says, "验签") {
				// Unverified, but what it says is the likelier cause: the
				// platform did not accept this request's signature.
				hint = "the answer (unverified) says the platform rejected the request's signature: check private-key and seller-id in the profile (the platform must hold the public key of private-key for that SellerId); check platform-public-key too, since the answer's own signature did not verify"
			}
			return nil, &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
				Message: "the response signature does not verify: " + err.Error() + unverifiedSays(resp), Hint: hint, Err: err}
		}
	}
	return resp, nil
}

// unverifiedSays is what an answer that failed its signature check says
// of its status, labelled as unverified: a refusal whose Sign is wrong
// (the manual's own 400 example carries a made-up one) otherwise showed
// only the signature error, and support staff could not see the
// platform's reason. Nothing in it is acted on.
func unverifiedSays(resp *Response) string {
	if resp.Status == "" && len(resp.ErrorMessages) == 0 {
		return ""
	}
	s := "; unverified, the answer reads status " + strconv.Quote(resp.Status)
	if len(resp.ErrorMessages) > 0 {
		s += ": " + strings.Join(resp.ErrorMessages, "; ")
	}
	return s
}

// ToGBK returns a document in the wire encoding: a UTF-8 file (as editors
// save; a byte-order mark is dropped) is converted to GBK and its
// declaration relabelled, ASCII text included; anything else is taken to
// be GBK already. SendRaw does this; `insure sign` needs it to sign the
// bytes that would travel.
func ToGBK(doc []byte) ([]byte, error) { return toGBK(doc) }
