package bihu

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// RenewalParams validates req and returns the vehicle and city parameters
// it becomes. The city is the request's, else the plate's, else the
// profile's: the plate comes before the profile because renewal cannot
// cross regions, so the plate's own city is the one that can succeed.
func (c *Client) RenewalParams(req RenewalRequest) (map[string]string, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	req = req.Normalize()
	city, ok := LookupCity(req.CityCode)
	if !ok && req.LicenseNo != "" {
		city, ok = CityForPlate(req.LicenseNo)
	}
	if !ok && c.cfg.CityCode != "" {
		if city, ok = LookupCity(c.cfg.CityCode); !ok {
			return nil, failure.Invalid(Provider, "renewal", failure.FieldError{Field: "city-code",
				Rule: "the profile's city is not a Bihu city; use one of: " + cityNames(), Example: "1"})
		}
	}
	if !ok {
		why := "the plate does not name a Bihu city"
		if req.LicenseNo == "" {
			why = "a VIN does not name a city"
		}
		return nil, failure.Invalid(Provider, "renewal", failure.FieldError{Field: "CityCode",
			Rule: "is required: " + why + " and the profile sets none (bihu.city-code); use one of: " + cityNames(), Example: "1"})
	}
	p := map[string]string{ParamCityCode: city.Code}
	if req.LicenseNo != "" {
		p[ParamLicenseNo] = req.LicenseNo
	} else {
		p[ParamCarVin], p[ParamEngineNo] = req.CarVin, req.EngineNo
	}
	return p, nil
}

// renewalOrder is the wire order, the document's.
var renewalOrder = []string{ParamLicenseNo, ParamCarVin, ParamEngineNo, ParamCityCode, ParamAgentID, ParamToken, ParamTimeStamp, ParamSecCode}

// BuildRenewal signs a renewal of params (as RenewalParams returns, or any
// other set for `insure api`) with token. A TimeStamp in params is signed
// and sent as given, so a documented request can be reproduced; without
// one the client's current time is. Empty values are neither signed nor
// sent. AgentId, Token, SecCode and the secret are the client's own: a
// caller's copy is not used (RenewParams refuses one, exit 2).
func (c *Client) BuildRenewal(params map[string]string, token string) *SignedRequest {
	ts := strconv.FormatInt(c.cfg.Now().Unix(), 10)
	p := map[string]string{}
	for k, v := range params {
		switch {
		case v == "":
		case strings.EqualFold(k, ParamTimeStamp):
			ts = v
		case !isOneOf(k, ParamSecCode, SecretKeyName, ParamAgentID, ParamToken):
			p[k] = v
		}
	}
	// These go in under the document's spelling: a caller's copy in
	// another case would be sent twice and signed twice.
	for k, v := range map[string]string{ParamAgentID: c.cfg.AgentID, ParamToken: token, ParamTimeStamp: ts} {
		if v != "" {
			p[k] = v
		}
	}
	canonical, code := RenewalSecCode(p, c.cfg.SecretKey, c.cfg.LowerHex)
	p[ParamSecCode] = code
	order := append([]string(nil), renewalOrder...)
	for k := range p {
		if !contains(renewalOrder, k) {
			order = append(order, k)
		}
	}
	return &SignedRequest{
		Operation: "renewal", Method: http.MethodPost, Path: PathRenewal,
		Params: p, Order: order, Canonical: maskToken(MaskCanonical(canonical, c.cfg.SecretKey), token),
		SecCode: code, Body: orderedJSON(p, order),
	}
}

func isOneOf(k string, names ...string) bool {
	for _, n := range names {
		if strings.EqualFold(k, n) {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// DryRunToken stands in for the login token when a dry run could not log
// in. It is not a secret, so a dry run's SecCode can be reproduced with it.
const DryRunToken = "DRY-RUN-TOKEN"

// DryRunError is what a renewal returns under --dry-run: httpx.ErrDryRun
// (errors.Is still finds it) with the renewal as it was signed, because the
// transport masks the SecCode it printed and a user comparing signatures
// needs to see it.
type DryRunError struct {
	Request *SignedRequest
	Err     error
}

func (e *DryRunError) Error() string { return e.Err.Error() }
func (e *DryRunError) Unwrap() error { return e.Err }

// Renew looks up last year's policy of one vehicle. On 200 the result holds
// the RenewalToken and the quote page URL. Every other answer is an error;
// a 206 also returns the result (see NeedsLicenceError).
func (c *Client) Renew(ctx context.Context, req RenewalRequest) (*RenewalResult, error) {
	params, err := c.RenewalParams(req)
	if err != nil {
		return nil, err
	}
	return c.RenewParams(ctx, params)
}

// RenewParams sends a renewal of params without checking their values, for
// `insure api`: Bihu's own answer (412 included) is what the caller wants to
// see. Their names are checked, though: a given TimeStamp is signed as
// given, AgentId, Token and SecCode are refused (see renewalNames). A 403
// is answered by logging in again and retrying once (the session may have
// ended on the server before its time); a 5xx is retried by the transport
// (httpx.Idempotent), since a lookup changes nothing.
func (c *Client) RenewParams(ctx context.Context, params map[string]string) (*RenewalResult, error) {
	params, err := renewalNames(params)
	if err != nil {
		return nil, err
	}
	if err := c.checkCredentials("renewal"); err != nil {
		return nil, err
	}
	token := ""
	var loginShown error // the login a dry run would start with
	tok, err := c.Token(ctx)
	switch {
	case errors.Is(err, httpx.ErrDryRun):
		// Under --dry-run the login was shown, not sent, so there is no
		// token: show the renewal too, signed over a stand-in.
		token, loginShown = DryRunToken, err
	case err != nil:
		return nil, err
	default:
		token = tok.Value
	}
	keys := map[string]string{}
	if v := params[ParamLicenseNo]; v != "" {
		keys["plate"] = v
	}
	if v := params[ParamCarVin]; v != "" {
		keys["vin"] = v
	}
	relogged := false
	for {
		sr := c.BuildRenewal(params, token)
		a, err := c.send(ctx, sr, keys, token)
		if errors.Is(err, httpx.ErrDryRun) {
			return nil, &DryRunError{Request: sr, Err: joinDryRuns(loginShown, err)}
		}
		if err != nil {
			return nil, err
		}
		if a.status == http.StatusForbidden && !relogged {
			relogged = true
			if tok, err = c.relogin(ctx, token); err != nil {
				return nil, err
			}
			token = tok.Value
			continue
		}
		return c.renewalResult(a, sr)
	}
}

// joinDryRuns is a renewal's dry run preceded by the login's, when it
// needs one: a --batch line's result keeps one error's text, and should
// show both requests, the login then the renewal, as the single command
// prints them.
func joinDryRuns(login, renewal error) error {
	var l, r *httpx.DryRunError
	if login == nil || !errors.As(login, &l) || !errors.As(renewal, &r) {
		return renewal
	}
	// A blank line between them: the login's body has no end of its own.
	shown := strings.TrimRight(l.Shown, "\n") + "\n\n" + r.Shown
	return fmt.Errorf("%s renewal: %w", Provider, &httpx.DryRunError{Shown: shown})
}

func (c *Client) renewalResult(a *answer, sr *SignedRequest) (*RenewalResult, error) {
	if e := badBody("renewal", a); e != nil {
		return nil, e
	}
	res := &RenewalResult{
		HTTPStatus: a.status, Msg: a.body.str("msg"), Token: sr.Params[ParamToken],
		LicenseNo: sr.Params[ParamLicenseNo], CarVin: sr.Params[ParamCarVin],
		EngineNo: sr.Params[ParamEngineNo], CityCode: sr.Params[ParamCityCode], Raw: a.raw,
	}
	res.Code, _ = strconv.Atoi(a.body.str("code"))
	if a.status == http.StatusOK || a.status == http.StatusPartialContent {
		res.Pages = c.PageURLs(res.Token)
	}
	for k, v := range a.body {
		switch strings.ToLower(k) {
		case "code", "msg", "renewaltoken":
		default:
			if res.Extra == nil {
				res.Extra = map[string]json.RawMessage{}
			}
			res.Extra[k] = v
		}
	}
	if a.status != http.StatusOK {
		e := c.renewalError(a, sr, res)
		if a.status == http.StatusPartialContent {
			return res, e
		}
		return nil, e
	}
	res.RenewalToken = a.body.str("RenewalToken")
	if res.RenewalToken == "" {
		return nil, missingField("renewal", "RenewalToken", a)
	}
	res.QuotePageURL = c.pageURL(PathQuotePage, res.Token, res.RenewalToken, nil)
	return res, nil
}

// pageURL builds a page link. Every page wants the login token; the
// replenish page also gets the vehicle so it can open on the right car
// (the document gives it no parameters, so this is our choice).
func (c *Client) pageURL(path, token, renewalToken string, vehicle map[string]string) string {
	// Built by hand to keep the document's order, Token first.
	var b strings.Builder
	b.WriteString(c.cfg.PageBaseURL + "/" + path + "?Token=")
	if token == Mask {
		b.WriteString(Mask)
	} else {
		b.WriteString(url.QueryEscape(token))
	}
	if renewalToken != "" {
		b.WriteString("&RenewalToken=" + url.QueryEscape(renewalToken))
	}
	for _, k := range []string{ParamLicenseNo, ParamCarVin, ParamEngineNo, ParamCityCode} {
		if v := vehicle[k]; v != "" {
			b.WriteString("&" + k + "=" + url.QueryEscape(v))
		}
	}
	return b.String()
}

// maskToken hides the login token in a canonical string; the token is as
// much a secret as the key while its session lasts.
func maskToken(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, Mask)
}
