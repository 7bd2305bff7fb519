package sandbox

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
)

// The environment variables through which the sandbox profile finds its
// sandbox (URLVar) or configures the one it starts in-process (FaultsVar).
const (
	URLVar    = "INSURE_SANDBOX_URL"
	FaultsVar = "INSURE_SANDBOX_FAULTS"
)

// FaultsFromEnv reads FaultsVar and checks it as `insure sandbox serve
// --faults` checks its spec, against the providers the sandbox serves. A
// bad spec is a usage error naming the variable: the in-process sandbox
// is started before the first request, so nothing was sent.
func FaultsFromEnv(providers []string) ([]Fault, error) {
	spec := os.Getenv(FaultsVar)
	if spec == "" {
		return nil, nil
	}
	faults, err := ParseFaults(spec)
	if err == nil {
		err = CheckFaults(faults, providers)
	}
	if err != nil {
		return nil, FaultsVarError(err)
	}
	return faults, nil
}

// FaultsVarError is the usage error for a FaultsVar the sandbox refused,
// whether when parsing it or, for a business code its fake does not
// document, when starting (a *FaultError from New).
func FaultsVarError(err error) *failure.Error {
	return &failure.Error{Kind: failure.Usage, Message: FaultsVar + ": " + err.Error(), Err: err,
		Hint: fmt.Sprintf("fix or unset %s, e.g. %s=ebao=tamper (the syntax of insure sandbox serve --faults; see its --help)", FaultsVar, FaultsVar)}
}

// URLFromEnv reads URLVar: "" when unset, else the root URL of a running
// `insure sandbox serve`. Provider paths are appended to it, so a value
// without a scheme or host, or with a query, would only fail later as a
// bad provider endpoint that does not say where it came from.
func URLFromEnv() (string, error) {
	v := os.Getenv(URLVar)
	why := checkServerURL(v)
	if v == "" || why == "" {
		return v, nil
	}
	return "", &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("%s=%q %s; nothing was sent", URLVar, redacted(v), why),
		Hint: fmt.Sprintf("set it to the URL that insure sandbox serve prints, e.g. %s=%s, or unset it to use the in-process sandbox",
			URLVar, suggestServerURL(v))}
}

// checkServerURL says what is wrong with a sandbox server's URL, or "".
func checkServerURL(v string) string {
	if strings.ContainsAny(v, " \t\r\n") {
		return "contains white space"
	}
	if !strings.Contains(v, "://") {
		return "has no scheme: it needs http:// (or https://)"
	}
	u, err := url.Parse(v)
	switch {
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the value, which the message shows already
		}
		return "is not a URL (" + err.Error() + ")"
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("has scheme %q: it needs http:// (or https://)", u.Scheme)
	case u.Hostname() == "":
		return "has no host"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "has a query or fragment: give the server's root URL, to which provider paths are appended"
	}
	return ""
}

// withScheme is v as a URL would read it: "http://" added when it has no
// scheme.
func withScheme(v string) string {
	if strings.Contains(v, "://") {
		return v
	}
	return "http://" + v
}

// redacted is v with any password in it masked: it never reaches an
// error message.
func redacted(v string) string {
	u, err := url.Parse(withScheme(v))
	if err != nil || u.User == nil {
		return v
	}
	if _, has := u.User.Password(); !has {
		return v
	}
	return strings.TrimPrefix(u.Redacted(), strings.TrimSuffix(withScheme(v), v))
}

// suggestServerURL is v repaired when the repair is plain (spaces around
// it, "http://" missing or another scheme, a query), else the URL of
// serve's default address. It drops user info: the sandbox needs none.
func suggestServerURL(v string) string {
	v = strings.TrimSpace(v)
	u, err := url.Parse(withScheme(v))
	// Without a scheme, only host[:port][/]: "http//host" would otherwise
	// become a host named http.
	if err == nil && u.Hostname() != "" && (strings.Contains(v, "://") || u.Path == "" || u.Path == "/") {
		fixed := url.URL{Scheme: "http", Host: u.Host, Path: u.Path}
		if u.Scheme == "https" {
			fixed.Scheme = "https"
		}
		if checkServerURL(fixed.String()) == "" {
			return fixed.String()
		}
	}
	return "http://" + DefaultAddr
}
