package httpx

import (
	"fmt"
	"net/url"

	"github.com/insurekit/insure/pkg/failure"
)

// redirectError fills e (a 3xx, never followed) with what came back: the
// target, resolved against the request's URL, or no target at all. The
// target is named by its address; its query (which may echo a signature
// or a token) is left out, and any secret masked.
func (r Request) redirectError(e *failure.Error, resp *Response) {
	loc := resp.Header.Get("Location")
	if loc == "" {
		// A 304 to a request with no cache validators, a 300 without a
		// choice: nothing points anywhere, and the old "redirected to (no
		// Location)" sent users looking for an address that was not there.
		e.Message += ": an answer without a body or a target, which this request does not expect (a cache or proxy in front of the provider may have answered)"
		e.Hint = r.unknownHint(fmt.Sprintf("check the profile's %s endpoint (-v shows the answer)", r.Provider))
		if r.Acts {
			e.Hint += fmt.Sprintf("; check the profile's %s endpoint (-v shows the answer)", r.Provider)
		}
		return
	}
	red := r.redactor()
	from, _ := url.Parse(r.URL)
	to, err := url.Parse(loc)
	if err == nil {
		red.AddFromValues(to.Query())
		if from != nil {
			// "/elsewhere" alone does not say which host to set.
			to = from.ResolveReference(to)
		}
		loc = withoutQuery(to.String())
	} else {
		loc = withoutQuery(loc)
	}
	loc = red.Apply(loc)
	e.Message += ": redirected to " + loc + ", not followed (a redirect would carry credentials and signed requests to another address)"
	fix := "use the address the redirect names if you trust it"
	if err == nil && from != nil && from.Scheme == "https" && to.Scheme != "https" {
		// Taking the hint would send tokens and signed bodies in clear.
		fix = "the redirect leaves https for " + to.Scheme + ", which would send credentials unencrypted: do not use that address; ask the provider for its https endpoint"
	}
	e.Hint = r.unknownHint(fmt.Sprintf("check the profile's %s endpoint: %s", r.Provider, fix))
	if r.Acts {
		e.Hint += fmt.Sprintf("; check the profile's %s endpoint: %s", r.Provider, fix)
	}
}
