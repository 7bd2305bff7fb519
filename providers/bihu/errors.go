package bihu

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// NeedsLicenceError is the cause inside the Refused error a 206 renewal
// answer becomes: Bihu has no usable record of the vehicle and the user has
// to complete the licence details on ReplenishURL before quoting. Get it
// with errors.As. ReplenishURL holds the login token, so it is kept here
// rather than in the printed message.
type NeedsLicenceError struct {
	ReplenishURL string
	Result       *RenewalResult
}

func (e *NeedsLicenceError) Error() string {
	return "renewal failed: the licence details must be completed on the ReplenishInfo page"
}

// ReplenishURL returns the page URL carried by a 206 renewal error.
func ReplenishURL(err error) (string, bool) {
	var ne *NeedsLicenceError
	if errors.As(err, &ne) {
		return ne.ReplenishURL, true
	}
	return "", false
}

// badBody is the Verification error (exit 6) of an answer whose body
// cannot be read as Bihu's: text not valid in its charset, whatever the
// status below 500 (its msg would be garbled), and on a 200 or a 206 also
// an empty body, an HTML page or JSON cut short, each named as such. Nil
// otherwise. A 206 is held to its body as a 200 is: an empty one never
// reaches here (the transport reports a 2xx without a body as exit 6),
// and an HTML page under 206 must not read as Bihu's refusal (exit 4)
// while an empty one is unreadable.
func badBody(op string, a *answer) *failure.Error {
	p := a.problem
	bodied := a.status == http.StatusOK || a.status == http.StatusPartialContent
	if p.charset == "" && (!bodied || p.shape == "") || a.status >= 500 {
		return nil
	}
	e := &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op, Code: strconv.Itoa(a.status),
		Message: fmt.Sprintf("%s answered HTTP %d with %s%s", op, a.status, p, attempts(a))}
	if p.charset != "" {
		return e.WithHint("its text cannot be trusted, so none of it is shown (-v shows the exchange); Bihu's documents give UTF-8 JSON, so ask Bihu or whoever runs the endpoint about the encoding")
	}
	return e.WithHint("check that the endpoint is Bihu's API root (for example http://lzl.91bihu.com) and not a proxy or portal page; -v shows the exchange")
}

// serverMsg is the body's msg, or what the body is when it is not JSON
// (the raw text when short and plain), cut to a readable length.
func serverMsg(a *answer) string {
	msg := a.body.str("msg")
	if msg == "" && a.body == nil {
		switch {
		case a.problem.charset != "" || strings.HasPrefix(a.problem.shape, "an HTML page") || a.problem.shape == "an empty body":
			// What the body is, not words the server said.
			return " (the answer was " + a.problem.String() + ")"
		default:
			msg = strings.TrimSpace(string(a.problem.decoded))
		}
	}
	// Masked before it is cut: a cut through an echoed key, token or
	// SecCode would leave a start no later masking recognises.
	msg = a.rq.Excerpt(msg, 200)
	if msg == "" {
		return ""
	}
	return " (server said: " + msg + ")"
}

// attempts notes how many times a request was sent, when more than once.
func attempts(a *answer) string {
	if a.resp == nil || a.resp.Attempts < 2 {
		return ""
	}
	return fmt.Sprintf(" (after %d attempts)", a.resp.Attempts)
}

// missingField is the Verification error of a 200 whose JSON lacks the
// field the operation answers with. The body's own code and msg are kept:
// a code other than 200 under HTTP 200 is most likely a gateway that
// rewrote the status, and the msg says what Bihu meant.
func missingField(op, field string, a *answer) *failure.Error {
	msg := op + " answered 200 without a " + field
	hint := "run with -v to see the answer; the server may have changed its format"
	if c := a.rq.Excerpt(a.body.str("code"), 20); c != "" && c != "200" {
		msg += "; the body's code is " + c
		hint = "the HTTP status decides a Bihu answer, and this body's code says otherwise: something between insure and Bihu (a gateway or proxy) may rewrite statuses; check the profile's bihu endpoint, and run with -v to see the answer"
	}
	return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: op,
		Code: "200", Message: msg + serverMsg(a), Hint: hint}
}

func statusErr(kind failure.Kind, op string, a *answer, format string, args ...any) *failure.Error {
	return &failure.Error{Kind: kind, Provider: Provider, Operation: op, Code: strconv.Itoa(a.status),
		Message: fmt.Sprintf(format, args...) + serverMsg(a)}
}

// signatureError is a 406 whatever the operation: show the canonical string
// (already masked) so the user can hash it themselves and compare.
func (c *Client) signatureError(op string, a *answer, sr *SignedRequest) *failure.Error {
	hex := "upper"
	if c.cfg.LowerHex {
		hex = "lower"
	}
	// Each operation has its sign command; the renewal's is named renew,
	// and sign-out's needs the token, which the message masks.
	compare := "hash the string above yourself to compare"
	switch op {
	case "login":
		compare = "`insure sign bihu login` prints the same string for comparison"
	case "renewal":
		compare = "`insure sign bihu renew` prints the same string for comparison"
	case "signout":
		compare = "`insure sign bihu signout --token TOKEN` prints the same string for comparison (while the token is cached, insure token show --provider bihu --show-secrets prints it; insure token clear forgets it whatever Bihu answers)"
	}
	return statusErr(failure.Auth, op, a, "signature rejected; the SecCode sent was the MD5 (%s-case hex) of %s",
		hex, sr.Canonical).
		WithHint("check the secret key and agent id in the profile; %s, and the profile's hex-case option (upper or lower) switches the hex case", compare)
}

// unexpected covers statuses the documents do not list: the shared table
// (httpx.Request.StatusError) decides their kind, with the server's words.
func unexpected(op string, a *answer) *failure.Error {
	e := a.rq.StatusError(a.resp)
	e.Message += serverMsg(a)
	if e.Kind == failure.Network && !e.Unknown {
		e.Hint = fmt.Sprintf("repeating a %s is safe; try again later", op)
	}
	if e.Kind == failure.Refused {
		e.Hint = "check that the endpoint is Bihu's API root (for example http://lzl.91bihu.com)"
	}
	return e
}

func (c *Client) loginError(a *answer, sr *SignedRequest) *failure.Error {
	switch a.status {
	case http.StatusForbidden:
		return statusErr(failure.Auth, "login", a, "login refused: agent %s is not authorised", c.cfg.AgentID).
			WithHint("check the agent id; Bihu issues it together with the secret key")
	case http.StatusNotAcceptable:
		return c.signatureError("login", a, sr)
	case http.StatusRequestedRangeNotSatisfiable:
		return statusErr(failure.Auth, "login", a, "login failed for user %q with timeout %ss", c.cfg.Username, sr.Params["timeout"]).
			WithHint("check the username and the session timeout in the profile")
	case http.StatusInternalServerError:
		return statusErr(failure.Network, "login", a, "the server failed (HTTP 500)%s", attempts(a)).
			WithHint("logging in again is safe; try again later")
	}
	return unexpected("login", a)
}

func (c *Client) signOutError(a *answer, sr *SignedRequest) *failure.Error {
	switch a.status {
	case http.StatusNotAcceptable:
		return c.signatureError("signout", a, sr)
	case http.StatusInternalServerError:
		return statusErr(failure.Network, "signout", a, "the server failed (HTTP 500)%s", attempts(a)).
			WithHint("signing out again is safe; the session also ends by itself when its timeout runs out")
	}
	return unexpected("signout", a)
}

// sentSummary lists what a renewal sent, token and SecCode masked, for the
// 412 message.
func sentSummary(sr *SignedRequest) string {
	keys := make([]string, 0, len(sr.Params))
	for k := range sr.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		v := sr.Params[k]
		if k == ParamToken || k == ParamSecCode {
			v = Mask
		}
		parts[i] = k + "=" + v
	}
	return strings.Join(parts, " ")
}

func (c *Client) renewalError(a *answer, sr *SignedRequest, res *RenewalResult) *failure.Error {
	switch a.status {
	case http.StatusPartialContent:
		res.ReplenishURL = c.pageURL(PathReplenishURL, res.Token, "", sr.Params)
		masked := c.pageURL(PathReplenishURL, Mask, "", sr.Params)
		e := statusErr(failure.Refused, "renewal", a, "renewal failed for %s: Bihu has no usable renewal record", vehicleOf(sr.Params))
		e.Err = &NeedsLicenceError{ReplenishURL: res.ReplenishURL, Result: res}
		if own, ok := CityForPlate(sr.Params[ParamLicenseNo]); ok && own.Code != sr.Params[ParamCityCode] {
			// Sent through api with another city: the region is the
			// cause, not missing licence details.
			return e.WithHint("renewal cannot cross regions: plate %s is registered in %s %s, so send CityCode=%s (it was %s)",
				sr.Params[ParamLicenseNo], own.Code, own.Name, own.Code, sr.Params[ParamCityCode])
		}
		return e.WithHint("the licence details must be completed before quoting: open %s with the session token in place of **** (insure token show --provider bihu --show-secrets prints it)", masked)
	case http.StatusForbidden:
		return statusErr(failure.Auth, "renewal", a, "token refused even after logging in again").
			WithHint("the session token was rejected; run `insure token clear --provider bihu`, check the agent id, and try again")
	case http.StatusNotAcceptable:
		return c.signatureError("renewal", a, sr)
	case http.StatusPreconditionFailed:
		return statusErr(failure.Refused, "renewal", a, "parameter check failed; sent %s", sentSummary(sr)).
			WithHint("check the plate (7 characters), or the VIN with its engine number, and the city code (%s)", cityNames())
	case http.StatusInternalServerError:
		return statusErr(failure.Network, "renewal", a, "the server failed (HTTP 500)%s", attempts(a)).
			WithHint("a renewal is only a lookup, so repeating it is safe; try again later")
	}
	return unexpected("renewal", a)
}

func vehicleOf(p map[string]string) string {
	if p[ParamLicenseNo] != "" {
		return "plate " + p[ParamLicenseNo]
	}
	return "VIN " + p[ParamCarVin]
}
