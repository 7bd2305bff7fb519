package cmdutil

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
)

// errorText is s, a message or hint of err, as it may be shown: the
// address of every *url.Error in err's chain without its query (eBao's
// signature, Bihu's token and secCode ride there), and, for a terminal or
// a log, no control character or escape sequence (a provider's error text
// is quoted in it).
func errorText(err error, s string) string {
	// A provider's message can echo a secret the request carried: masked
	// as the -v log and the journal mask it, unless --show-secrets (a
	// hint may carry a page link whose token is the point).
	return iostreams.Sanitize(maskKnown(maskURLQueries(err, s)))
}

// showSecrets is --show-secrets for the errors printed: set once the
// flags are parsed (ShowSecretsInErrors).
var showSecrets atomic.Bool

// ShowSecretsInErrors says whether error text keeps the secrets the
// process met (--show-secrets) or masks them (the default).
func ShowSecretsInErrors(show bool) { showSecrets.Store(show) }

func maskKnown(s string) string {
	if showSecrets.Load() {
		return s
	}
	return httpx.MaskKnown(s)
}

// maskURLQueries cuts the query and fragment off every URL net/http
// quotes in err's chain wherever it appears in s. httpx.Send already does
// this for the errors it makes; this is the last line, for any other.
func maskURLQueries(err error, s string) string {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return s
	}
	if short := withoutQuery(ue.URL); short != ue.URL {
		s = strings.ReplaceAll(s, strconv.Quote(ue.URL), strconv.Quote(short))
		s = strings.ReplaceAll(s, ue.URL, short)
	}
	if ue.Err != nil {
		return maskURLQueries(ue.Err, s)
	}
	return s
}

func withoutQuery(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i]
	}
	return s
}

// ErrorText is err's message as it may be shown inside another message:
// URL queries cut, control characters stripped (see PrintError).
func ErrorText(err error) string {
	return errorText(err, err.Error())
}
