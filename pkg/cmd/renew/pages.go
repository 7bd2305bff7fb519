package renew

import (
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/providers/bihu"
)

// checkPage reads --open: no value, renewal, or a page of bihu.Pages.
func checkPage(opts *Options) error {
	if opts.Page == "" {
		return nil
	}
	opts.Open = true
	if _, ok := bihu.LookupPage(opts.Page); ok || opts.Page == "renewal" {
		return nil
	}
	return cmdutil.FlagErrorf("--open takes renewal, %s (got %q)", pageNames(), opts.Page)
}

func pageNames() string {
	names := make([]string, len(bihu.Pages))
	for i, p := range bihu.Pages {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// linkNotice says whether the page links printed are usable: masked, they
// open nothing, and the way to the page is --open (the token never shown)
// or --show-secrets (the link printed whole).
func linkNotice(showSecrets bool, token string) string {
	switch {
	case token == "":
		return "Add --open to open the quote page in a browser."
	case showSecrets:
		return "The page links carry the login token: keep them private. Add --open to open the quote page in a browser."
	}
	return "The page links are masked (Token=" + bihu.Mask + ": the login token) and do not open as printed: add --open to open the quote page, or --show-secrets to print the usable links."
}

// needsLicence finishes a 206: the page where the licence details are
// completed goes in the hint, which is printed on stderr and in the JSON
// error document. It holds the session token, like the quote page URL of a
// success, because the page cannot open without it.
//
// inProcess says the page is this command's own sandbox's, which stops
// when the command ends: its link opens nothing afterwards.
func needsLicence(opts *Options, oo output.Options, res *bihu.RenewalResult, err error, inProcess bool) error {
	u, ok := bihu.ReplenishURL(err)
	var fe *failure.Error
	if ok && errors.As(err, &fe) {
		shown := u
		if !opts.ShowSecrets {
			shown = maskToken(u, res.Token)
		}
		fe.Hint = "the licence details must be completed before this vehicle can be quoted; complete them on the ReplenishInfo page (" + replenishAdvice(opts) + "; the link carries the login token, printed with --show-secrets), then run the lookup again: " + shown
		if inProcess {
			fe.Hint += "; that page is the sandbox this command started, which stopped with it: to open it, run `insure sandbox serve` in another terminal, `export " + sandbox.URLVar + "=http://" + sandbox.DefaultAddr + "`, and run the lookup again"
		}
	}
	if oo.Format == "raw" && oo.JQ == "" && oo.Template == "" {
		if perr := output.Print(opts.IO.Out, oo, output.Result{Raw: res.Raw}); perr != nil {
			return perr
		}
	}
	if ok && opts.Open {
		openPage(opts, pageFor(opts, res, u))
	}
	return err
}

// replenishAdvice says how to open the ReplenishInfo page from where the
// user is: --open is refused beside --batch, and already given, it has
// either opened the page or opened another one.
func replenishAdvice(opts *Options) string {
	switch {
	case opts.batchLine:
		return "look this vehicle up alone with --open to open it"
	case opts.Open && opts.Page == "renewal":
		return "--open opens it in a browser"
	case opts.Open:
		return "--open without =" + opts.Page + " opens it"
	}
	return "add --open to open it"
}

// maskToken masks the login token in s in every form a link or an echo
// holds it: a page link's query has it percent-encoded.
func maskToken(s, token string) string {
	if token == "" || s == "" {
		return s
	}
	return httpx.NewRedactor(token).Apply(strings.ReplaceAll(s, token, bihu.Mask))
}

// maskPages is pages with the login token masked in every link.
func maskPages(pages map[string]string, token string) map[string]string {
	if pages == nil {
		return nil
	}
	out := make(map[string]string, len(pages))
	for k, v := range pages {
		out[k] = maskToken(v, token)
	}
	return out
}

// pageFor is the URL --open asks for: the renewal's own page unless a page
// of bihu.Pages is named.
func pageFor(opts *Options, res *bihu.RenewalResult, renewal string) string {
	if u, ok := res.Pages[opts.Page]; ok {
		return u
	}
	return renewal
}

func openPage(opts *Options, u string) {
	if u == "" || opts.Browser == nil {
		return
	}
	if err := opts.Browser(u); err != nil {
		// The links printed carry the token masked: "open it yourself"
		// must say how to get one that opens.
		how := "open the link yourself"
		if !opts.ShowSecrets {
			how = "run the same command with --show-secrets (instead of --open) to print the link with its token, and open it yourself"
		}
		fmt.Fprintf(opts.IO.ErrOut, "%s could not open the page in a browser: %v; %s\n", opts.IO.ErrColorScheme().WarningIcon(), err, how)
	}
}
