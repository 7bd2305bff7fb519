package sunshine

import (
	"context"
	"crypto/rsa"
	"errors"
	"io/fs"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/registry"
)

// SendTimeTolerance is how far a request's SendTime is taken to be
// allowed off the platform's clock. The manual gives no figure; the
// sandbox refuses beyond it (docs/providers/sunshine.md).
const SendTimeTolerance = 15 * time.Minute

// Descriptor is Sunshine's entry in the provider registry; sandbox is its
// fake (providers/sunshine/sandbox), passed in because the fake imports
// this package.
func Descriptor(sandbox *registry.Sandbox) registry.Provider {
	var ops []registry.Operation
	for _, t := range Transactions {
		op := registry.Operation{Name: string(t), Journal: t.Operation(), Summary: t.Name(), Acts: t == TxnUnderwrite || t == TxnIssue}
		// The payment check (125) buys nothing and needs no --yes, but
		// it is a step of the issue like 120 and 130, and its answer can
		// be lost the same way: the same issue command settles it.
		if op.Acts || t == TxnPaymentCheck {
			// The rerun sends a lost request byte for byte and learns
			// its outcome (docs/support.md, "Settled acts").
			settle := "issue --provider sunshine --session {sessionId} --yes"
			if t != TxnIssue && t != TxnUnderwrite {
				// A lost 120 goes again as it was, and 130's needs are
				// checked after it; a lost 125 is built anew, so the
				// run's payment flags are checked before it is sent.
				settle += "  # with the --pay-no and --check-pay-no the first run gave, if any"
			}
			op.Settle, op.SettleKey = []string{settle}, "sessionId"
		}
		ops = append(ops, op)
	}
	return registry.Provider{
		Name:        Provider,
		DisplayName: "Sunshine (阳光车险)",
		Summary:     "the signed GBK XML motor platform",
		Settings: []registry.Field{
			{Key: "endpoint", Label: "Sunshine servlet URL", Example: "http://example.com/InterFaceServlet", Check: registry.CheckURL},
			{Key: "seller-id", Label: "Sunshine seller id"},
			{Key: "agent-code", Label: "Sunshine agent code", Example: "W03210001"},
			{Key: "insure-type", Label: "Sunshine insure type", Default: DefaultInsureType},
			{Key: "private-key", Label: "Path to the partner private key (PEM)", Secret: true},
			{Key: "platform-public-key", Label: "Path to the platform public key (PEM)"},
			{Key: "spsource", Label: "Sunshine advertising source code (spsource, a P05 code; required by 100)", Example: "P05-ADWBPZYL-M-xs165"},
			{Key: "netcampaignno", Label: "Sunshine online campaign code (netcampaignno, an H code; required by 100)", Example: "Net"},
			{Key: "partner-id", Label: "Payment partner id reported in 130 (PartnerId)", Example: "2088601078742391"},
			{Key: "item-id", Label: "Your product id reported in 130 (ItemId)", Example: "2000036117417"},
			{Key: "lookup-url", Label: "Base URL of the look-ups (vehicle models, cities, regions); default: the endpoint's folder", Example: "http://chexian.sinosig.com/", Check: registry.CheckURL},
		},
		NewClient: newClient,
		Clock:     &registry.ClockRule{Tolerance: SendTimeTolerance, Uses: "stamps every transaction with its SendTime"},
		Probe: func(ctx context.Context, c any) (string, error) {
			// 050 (page colours) belongs to no purchase and changes nothing.
			if _, err := c.(*Client).Send(ctx, RequestSpec{Transaction: TxnColors}); err != nil {
				return "", err
			}
			return "050 answered and the platform's signature verified with platform-public-key", nil
		},
		ExampleAliases: map[string][]string{"quote": {"answers-quote"}, "issue": {"answers-issue"}},
		Operations:     ops,
		// As client.go (SendRaw) and lookup.go record them.
		JournalOperations: []string{"txn.raw", "lookup.vehicles", "lookup.cities", "lookup.regions", "lookup.carPlaces", "lookup.check"},
		Sandbox:           sandbox,
		RecordFlags:       map[string]string{"session": "session"},
	}
}

func newClient(env registry.Env) (any, error) {
	s := registry.ReadSettings(env.Provider, env.Settings)
	cfg := Config{
		BaseURL:       s.Required("endpoint"),
		SellerID:      s.Required("seller-id"),
		AgentCode:     s.Required("agent-code"),
		InsureType:    s.Optional("insure-type"),
		SpSource:      s.Optional("spsource"),
		NetCampaignNo: s.Optional("netcampaignno"),
		PartnerID:     s.Optional("partner-id"),
		ItemID:        s.Optional("item-id"),
		LookupURL:     s.Optional("lookup-url"),
		HTTP:          env.HTTP,
		Now:           env.Now,
	}
	cfg.PrivateKey, cfg.PlatformPublicKey = readKeyPair(s, true, true)
	if err := s.Err(); err != nil {
		return nil, err
	}
	return New(cfg), nil
}

// SigningKeys reads the profile's key pair without needing an endpoint,
// for `insure sign sunshine`: only the keys asked for are required.
func SigningKeys(p *registry.Provider, settings registry.Settings, needPrivate, needPublic bool) (*rsa.PrivateKey, *rsa.PublicKey, error) {
	s := registry.ReadSettings(p, settings)
	priv, pub := readKeyPair(s, needPrivate, needPublic)
	return priv, pub, s.Err()
}

func readKeyPair(s *registry.SettingsReader, needPrivate, needPublic bool) (*rsa.PrivateKey, *rsa.PublicKey) {
	var priv *rsa.PrivateKey
	var pub *rsa.PublicKey
	if v := read(s, "private-key", needPrivate); v != "" {
		key, err := ReadPrivateKey(v)
		if err != nil {
			// The message says what is wrong; it never quotes the value.
			s.Add("private-key", "cannot be read: "+keyErr(err, v),
				"the path of the partner's PEM file, such as /etc/insure/partner.pem, or its PEM text in "+registry.EnvName(Provider, "private-key"))
		}
		priv = key
	}
	if v := read(s, "platform-public-key", needPublic); v != "" {
		key, err := ReadPublicKey(v)
		if err != nil {
			s.Add("platform-public-key", "cannot be read: "+keyErr(err, v), "")
		}
		pub = key
	}
	return priv, pub
}

func read(s *registry.SettingsReader, key string, required bool) string {
	if required {
		return s.Required(key)
	}
	return s.Optional(key)
}

// keyErr describes a key error without ever repeating the value. The
// setting is secret, and what is in it is not always a path: a password
// pasted into the wrong setting, or a key without its PEM lines, is taken
// for one, and os.ReadFile's "open <value>: no such file or directory"
// put it on stderr. The user knows what they set; the setting's name
// (given by the caller) and what went wrong are enough to find it.
func keyErr(err error, v string) string {
	if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
		return "the value is not PEM text, so it is taken for a file's path, and that file cannot be read (" + pe.Err.Error() + ")"
	}
	msg := strings.ReplaceAll(err.Error(), v, "(the configured value)")
	if strings.Contains(v, "-----BEGIN") {
		return "the PEM text is not a usable RSA key: " + msg
	}
	return msg
}
