package ebao

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
)

// Descriptor is eBao Cloud's entry in the provider registry; sandbox is its
// fake (providers/ebao/sandbox), passed in because the fake imports this
// package.
func Descriptor(sandbox *registry.Sandbox) registry.Provider {
	return registry.Provider{
		Name:        Provider,
		DisplayName: "eBao Cloud",
		Summary:     "policy quotation, issuance and cancellation",
		Settings: []registry.Field{
			{Key: "endpoint", Label: "eBao Cloud base URL", Example: "https://api.ebaocloud.example", Check: registry.CheckURL},
			{Key: "access-key", Label: "eBao access key"},
			{Key: "secret-key", Label: "eBao secret key", Secret: true},
			{Key: "channel-code", Label: "eBao channel code", Example: "AXA_TP"},
			{Key: "product-id", Label: "eBao product id", Example: "UbwoOpjMjt:1"},
			{Key: "response-signature-header", Label: "Response header carrying eBao's signature", Default: DefaultSignatureHeader},
			{Key: "require-response-signature", Label: "Treat a missing response signature as an error (true/false)", Default: "false", Check: registry.CheckBool, Bool: true},
		},
		NewClient:      newClient,
		Probe:          probe,
		ExampleAliases: map[string][]string{"quotation": {"quote"}, "issuance": {"issue"}, "cancellation": {"cancel"}},
		Operations: []registry.Operation{
			{Name: OpQuotation, Summary: "price a policy"},
			{Name: OpIssuance, Summary: "issue a policy from a quotation", Acts: true,
				// eBao issues only the body it priced, and the journal keeps
				// no --set: without the first run's the rerun is refused
				// as a different request, settling nothing.
				Settle:    []string{"issue --provider ebao -f QUOTE_FILE --quote {quotationNumber} --yes  # and any --set changes the first run made"},
				SettleKey: "quotationNumber"},
			{Name: OpCancellation, Summary: "cancel (surrender) a policy", Acts: true,
				// A cancellation that never arrived is made by the rerun:
				// with the first run's type, date and channel, not the
				// defaults (the holder's application, today).
				Settle:    []string{"cancel --provider ebao {policyNumber} --yes  # and the --type, --date and --channel the first run gave, if any"},
				SettleKey: "policyNumber"},
		},
		Sandbox:     sandbox,
		RecordFlags: map[string]string{"quote": "quotation"},
	}
}

// probe asks for a quotation of the sample body: eBao has no look-up, and a
// quotation binds nothing. A signed answer, even a refusal of the sample,
// proves the access key, the secret key and the response signature.
func probe(ctx context.Context, c any) (string, error) {
	body, err := Example("quote")
	if err != nil {
		return "", err
	}
	q, err := c.(*Client).Quote(ctx, body)
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Kind == failure.Refused {
		var se *ServerError
		if errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusMethodNotAllowed) {
			// Not the quotation service: the endpoint names another path
			// or host, and no credential was looked at.
			return "", err
		}
		if errors.As(err, &se) && !se.Signed {
			// A gateway's or the framework's error page is unsigned: it
			// says nothing of the secret key.
			return "the sample quotation was refused by an unsigned answer (HTTP " + strconv.Itoa(se.Status) + "), so the secret key is not proven; the access key was not refused: " + fe.Message, nil
		}
		return "credentials accepted (the signed answer verified); the sample quotation was refused: " + fe.Message, nil
	}
	if err != nil {
		return "", err
	}
	if len(q.Warnings) > 0 {
		// An answer without its signature header is taken (unless the
		// profile requires one), but proves nothing of the secret key.
		return "the sample quotation " + q.QuotationNumber + " was priced, but its answer was not verified: " + strings.Join(q.Warnings, "; "), nil
	}
	return "the sample quotation " + q.QuotationNumber + " was priced and its answer's signature verified", nil
}

func newClient(env registry.Env) (any, error) {
	s := registry.ReadSettings(env.Provider, env.Settings)
	cfg := Config{
		BaseURL:                  s.Required("endpoint"),
		AccessKey:                s.Required("access-key"),
		SecretKey:                s.Required("secret-key"),
		SignatureHeader:          s.Optional("response-signature-header"),
		RequireResponseSignature: s.Bool("require-response-signature"),
		HTTP:                     env.HTTP,
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return New(cfg), nil
}
