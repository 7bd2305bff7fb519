package doctor

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/registry"
)

// skewWarn is clock skew worth a warning within a provider's tolerance
// (registry.ClockRule): a synchronised clock is within a second, so this
// much says the machine's clock is not kept and will drift further.
const skewWarn = 30 * time.Second

func providerChecks(ctx context.Context, opts *Options, d *registry.Provider, roots *x509.CertPool) []Check {
	p, err := opts.Profile()
	if err != nil {
		return []Check{{Name: "settings", Provider: d.Name, Status: "fail", Detail: err.Error(), kind: failure.KindOf(err)}}
	}
	var out []Check
	var sources []string
	for _, f := range d.Settings {
		if v, src, err := p.Get(d.Name, f.Key); err == nil && v != "" {
			sources = append(sources, f.Key+" from "+src)
		}
	}
	client, cerr := opts.Client(d.Name)
	if cerr != nil {
		c := Check{Name: "settings", Provider: d.Name, Status: "fail", Detail: cerr.Error(), kind: failure.KindOf(cerr)}
		if c.kind == failure.Usage {
			c.Hint = "set what is missing with insure configure " + p.Name + " --provider " + d.Name + ", or the INSURE_" + strings.ToUpper(d.Name) + "_* variables"
		}
		var fe *failure.Error
		if asFailure(cerr, &fe) && len(fe.Fields) > 0 {
			c.Setting = fe.Fields[0].Field
			_, key, _ := strings.Cut(c.Setting, ".")
			if _, src, _ := p.Get(d.Name, key); src != "" {
				c.Source = src
			}
		}
		if c.Hint == "" && fe != nil {
			c.Hint = fe.Hint
		}
		if c.Hint == "" && errors.Is(cerr, fs.ErrPermission) {
			// The client opens the local store (tokens, the journal).
			c.Hint = "tokens and the request journal live in the state directory (INSURE_STATE_DIR, else $XDG_STATE_HOME/insure): make it writable, or point INSURE_STATE_DIR at a writable directory"
		}
		out = append(out, c)
	} else {
		out = append(out, Check{Name: "settings", Provider: d.Name, Status: "pass", Detail: strings.Join(sources, ", ")})
	}
	endpoint, src, _ := p.Get(d.Name, "endpoint")
	if endpoint == "" || registry.CheckURL(endpoint) != nil {
		return out
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	// Each check has --timeout of its own, as each request of a command
	// does: a clock check that waited out a shared deadline left the
	// login none, and its token lock then blamed another process.
	within := func(check func(context.Context)) {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		check(cctx)
	}
	var ep Check
	within(func(c context.Context) { ep = checkEndpoint(c, endpoint, roots, opts.Proxy) })
	ep.Provider, ep.Setting, ep.Source = d.Name, d.Name+".endpoint", src
	out = append(out, ep)
	if ep.Status == "fail" {
		// Say what was not checked: a checklist without the credentials
		// line read as if they were fine, and a script filtering on
		// .checks[].name found no credentials check at all.
		why := "not checked: the endpoint above cannot be reached"
		if d.Clock != nil {
			out = append(out, Check{Name: "clock", Provider: d.Name, Status: "skip", Detail: why})
		}
		if cerr == nil && d.Probe != nil {
			out = append(out, Check{Name: "credentials", Provider: d.Name, Status: "skip", Detail: why})
		}
		return out
	}
	if d.Clock == nil {
		out = append(out, Check{Name: "clock", Provider: d.Name, Status: "skip",
			Detail: "not checked: nothing " + d.Name + " checks depends on this machine's clock"})
	} else {
		var clock Check
		within(func(c context.Context) { clock = checkClock(c, endpoint, opts.Now, roots, opts.Proxy) })
		if clock.Status == "pass" {
			clock = judgeSkew(clock, d.Name, *d.Clock)
		}
		clock.Provider = d.Name
		out = append(out, clock)
	}
	if cerr != nil || d.Probe == nil {
		return out
	}
	var detail string
	within(func(c context.Context) { detail, err = d.Probe(probing(c), client) })
	if err != nil {
		c := Check{Name: "credentials", Provider: d.Name, Status: "fail", Detail: err.Error(), kind: failure.KindOf(err)}
		var fe *failure.Error
		if asFailure(err, &fe) {
			c.Hint = fe.Hint
		}
		if c.kind == failure.Auth {
			c.Hint = "the provider refused the credentials: check " + strings.Join(credentialKeys(d, func(k string) string {
				_, src, _ := p.Get(d.Name, k)
				return src
			}), ", ")
		}
		return append(out, c)
	}
	return append(out, Check{Name: "credentials", Provider: d.Name, Status: "pass", Detail: detail})
}

// credentialKeys are the settings a refused login points at: the secrets
// and the names they belong to, each with where its value came from.
func credentialKeys(d *registry.Provider, get func(key string) string) []string {
	var out []string
	for _, f := range d.Settings {
		k := f.Key
		if f.Secret || strings.Contains(k, "user") || strings.Contains(k, "access") || strings.Contains(k, "agent") || strings.Contains(k, "seller") {
			name := d.Name + "." + k
			if src := get(k); src != "" {
				name += " (from " + src + ")"
			}
			out = append(out, name)
		}
	}
	return out
}

// tlsConfig is what every request of insure uses: TLS 1.2 or newer, the
// certificate checked against roots (nil: the system's).
func tlsConfig(host string, roots *x509.CertPool) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: httpx.MinTLSVersion, RootCAs: roots}
}

// checkEndpoint resolves the endpoint's host, connects and, for https,
// completes a TLS handshake with verification against roots. When a proxy
// applies, requests go through it and it alone resolves and reaches the
// host: the check connects to the proxy, and the clock's request, sent
// the way every request is, shows whether the endpoint answers.
func checkEndpoint(ctx context.Context, endpoint string, roots *x509.CertPool, proxy func(*url.URL) (*url.URL, error)) Check {
	c := Check{Name: "endpoint", Status: "pass", kind: failure.Network}
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https" {
		// Written by hand or by an older insure (a URL pasted with a space
		// before it): doctor crashed on it. It is this check's failure.
		why := "it is not an http:// or https:// URL with a host"
		if err != nil {
			why = err.Error()
		}
		c.Status, c.kind = "fail", failure.Usage
		c.Detail = fmt.Sprintf("the endpoint %q cannot be used: %s", endpoint, why)
		c.Hint = "set it to the URL the provider gave, with nothing around it: insure profile add NAME --set PROVIDER.endpoint=https://..."
		return c
	}
	if proxy != nil {
		if pu, err := proxy(u); err != nil {
			c.Status, c.Detail, c.kind = "fail", "the proxy setting cannot be used: "+err.Error(), failure.Usage
			c.Hint = "fix HTTPS_PROXY or HTTP_PROXY (a URL such as http://proxy.example:3128), or unset it"
			return c
		} else if pu != nil {
			return checkProxy(ctx, c, u, pu)
		}
	}
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	var steps []string
	if net.ParseIP(host) == nil {
		addrs, err := net.DefaultResolver.LookupHost(ctx, host)
		if err != nil {
			c.Status, c.Detail = "fail", fmt.Sprintf("%s does not resolve: %v", host, err)
			c.Hint = "check the endpoint's host name and the machine's DNS"
			return c
		}
		steps = append(steps, fmt.Sprintf("%s resolves to %s", host, strings.Join(addrs, ", ")))
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", net.JoinHostPort(host, port))
	if err != nil {
		c.Status, c.Detail = "fail", fmt.Sprintf("cannot connect to %s: %v", net.JoinHostPort(host, port), err)
		c.Hint = "check the endpoint's port, a firewall or HTTPS_PROXY; for the sandbox, whether insure sandbox serve runs"
		return c
	}
	defer conn.Close()
	steps = append(steps, "connects to "+net.JoinHostPort(host, port))
	if u.Scheme == "https" {
		tc := tls.Client(conn, tlsConfig(host, roots))
		if err := tc.HandshakeContext(ctx); err != nil {
			c.Status, c.Detail, c.kind = "fail", "TLS handshake with "+host+" failed: "+err.Error(), failure.Network
			c.Hint = "the server must speak TLS 1.2 or later"
			if httpx.IsCertificateError(err) {
				c.Hint = "if the partner's test server uses its own CA, trust it with --cacert FILE or the profile's defaults.cacert; check the endpoint's host name"
			}
			return c
		}
		st := tc.ConnectionState()
		steps = append(steps, tls.VersionName(st.Version)+" verified")
	}
	c.Detail = strings.Join(steps, "; ")
	return c
}

// checkProxy connects to the proxy requests to u go through.
func checkProxy(ctx context.Context, c Check, u, pu *url.URL) Check {
	port := pu.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "socks5": "1080"}[pu.Scheme]
	}
	addr := net.JoinHostPort(pu.Hostname(), port)
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		c.Status, c.Detail = "fail", fmt.Sprintf("requests to %s go through the proxy %s, which cannot be reached: %v", u.Host, addr, err)
		c.Hint = "check HTTPS_PROXY and HTTP_PROXY, or add the host to NO_PROXY if it is reached directly"
		return c
	}
	conn.Close()
	c.Detail = fmt.Sprintf("requests to %s go through the proxy %s, which connects", u.Host, addr)
	return c
}

// checkClock compares the server's Date header with this machine's clock.
// Its request goes the way every request does: through the proxy, if one
// applies, trusting roots.
func checkClock(ctx context.Context, endpoint string, now func() time.Time, roots *x509.CertPool, proxy func(*url.URL) (*url.URL, error)) Check {
	c := Check{Name: "clock", Status: "pass", kind: failure.Usage}
	tr := &http.Transport{TLSClientConfig: tlsConfig("", roots)}
	if proxy != nil {
		tr.Proxy = func(r *http.Request) (*url.URL, error) { return proxy(r.URL) }
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, endpoint, nil)
	if err != nil {
		c.Status, c.Detail = "skip", err.Error()
		return c
	}
	start := now()
	resp, err := client.Do(req)
	if err != nil {
		c.Status, c.Detail = "warn", "the server did not answer a HEAD request: "+err.Error()
		return c
	}
	resp.Body.Close()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		c.Status, c.Detail = "skip", "the server sends no Date header"
		return c
	}
	// Date has whole seconds, cut down: the server's clock read anywhere
	// in the second after it, so its middle is the best guess, and half a
	// second either way is no skew.
	date = date.Add(time.Second / 2)
	c.skew = date.Sub(start.Add(now().Sub(start) / 2)).Round(time.Second)
	return c
}

// judgeSkew says how far the clock measured in c is off, and whether
// that is more than the provider allows.
func judgeSkew(c Check, provider string, rule registry.ClockRule) Check {
	abs, dir := c.skew, "ahead of"
	if abs < 0 {
		abs, dir = -abs, "behind"
	} else if abs == 0 {
		dir = "off"
	}
	c.Detail = fmt.Sprintf("the server's clock is %s %s this machine's; %s %s and allows %s of skew", abs, dir, provider, rule.Uses, rule.Tolerance)
	switch {
	case abs > rule.Tolerance:
		c.Status, c.Hint = "fail", fmt.Sprintf("set this machine's clock (NTP): %s refuses requests whose time is more than %s off", provider, rule.Tolerance)
	case abs > skewWarn:
		c.Status, c.Hint = "warn", fmt.Sprintf("set this machine's clock (NTP) before the skew passes the %s %s allows", rule.Tolerance, provider)
	}
	return c
}

func asFailure(err error, fe **failure.Error) bool { return errors.As(err, fe) }

func render(w io.Writer, ios *iostreams.IOStreams, rep *Report) error {
	cs := ios.ColorScheme()
	if rep.Profile != "" {
		fmt.Fprintf(w, "Profile %s\n\n", rep.Profile)
	}
	for _, c := range rep.Checks {
		icon := map[string]string{"pass": cs.SuccessIcon(), "fail": cs.FailureIcon(), "warn": cs.WarningIcon(), "skip": cs.Gray("-")}[c.Status]
		name := c.Name
		if c.Provider != "" {
			name = c.Provider + " " + name
		}
		fmt.Fprintf(w, "%s %s: %s\n", icon, cs.Bold(name), c.Detail)
		if c.Setting != "" && c.Status == "fail" {
			from := ""
			if c.Source != "" {
				from = " (from " + c.Source + ")"
			}
			fmt.Fprintf(w, "    setting: %s%s\n", c.Setting, from)
		}
		if c.Hint != "" && c.Status != "pass" {
			fmt.Fprintf(w, "    %s %s\n", cs.Bold("fix:"), c.Hint)
		}
	}
	if rep.OK {
		_, err := fmt.Fprintf(w, "\n%s every check passed\n", cs.SuccessIcon())
		return err
	}
	return nil
}
