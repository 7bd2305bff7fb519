package paoding

import (
	"context"

	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/tokencache"
)

// Descriptor is Paoding's entry in the provider registry; sandbox is its
// fake (providers/paoding/sandbox), passed in because the fake imports
// this package.
func Descriptor(sandbox *registry.Sandbox) registry.Provider {
	return registry.Provider{
		Name:        Provider,
		DisplayName: "Paoding (庖丁解车)",
		Summary:     "4S-shop maintenance reports by VIN",
		Settings: []registry.Field{
			{Key: "endpoint", Label: "Paoding API base URL", Example: "http://openapi4s.beitaijf.cn", Check: registry.CheckURL},
			{Key: "username", Label: "Paoding user name (at most 15 characters)", Example: "acme-4s", Check: registry.CheckMaxLen(15)},
			{Key: "password", Label: "Paoding password", Secret: true},
			{Key: "api-version", Label: "Paoding API version (Api-4s-Version header, at most 5 characters)", Default: DefaultAPIVersion, Check: registry.CheckMaxLen(5)},
			{Key: "header-style", Label: "Paoding header spelling: hyphens (Api-4s-Version, document 1.2 on) or underscores (Api_4s_Version, older servers)",
				Default: HeaderStyleHyphens, Choices: []string{HeaderStyleHyphens, HeaderStyleUnderscores}},
			{Key: "notify-url", Label: "Default URL Paoding notifies when a report is ready", Example: "https://example.com/paoding/notify", Check: registry.CheckURL},
		},
		NewClient: newClient,
		Tokens: &registry.TokenScope{
			Get:     func(ctx context.Context, c any) (*tokencache.Token, error) { return c.(*Client).GenerateToken(ctx) },
			Refresh: func(ctx context.Context, c any) (*tokencache.Token, error) { return c.(*Client).RefreshToken(ctx) },
			Note:    "a 2-hour token and a single-use refresh token",
		},
		// A login, not the cached token: a token says nothing of the
		// password the profile holds now.
		Probe: func(ctx context.Context, c any) (string, error) {
			t, err := c.(*Client).GenerateToken(ctx)
			if err != nil {
				return "", err
			}
			return "logged in; the token is valid until " + t.ExpiresAt.Local().Format("15:04:05 MST"), nil
		},
		ExampleAliases: map[string][]string{"report.buy": {"buy", "buy-image"}},
		Operations: []registry.Operation{
			{Name: OpTokenGenerate, Summary: "log in for a 2-hour token"},
			{Name: OpTokenRefresh, Summary: "extend the token with its single-use refresh token"},
			{Name: OpBrandList, Summary: "brands the platform covers"},
			{Name: OpBrandFactoryList, Summary: "brand factories, optionally changed since a time"},
			{Name: OpBrandFactoryGet, Summary: "one brand factory"},
			{Name: OpReportBuy, Summary: "buy a maintenance report", Acts: true,
				// The journal keeps no engine number or notify URL: a rerun
				// without the first run's is refused (engine) or notifies
				// elsewhere, so the user adds them.
				Settle: []string{
					"vin-report buy --vin {vin} --brand-factory {brandFactoryId} --order-id {orderId} --yes  # and the --engine and --notify-url the first run gave, if any",
					// Bought by photo: the journal keeps no image URL.
					"vin-report buy --image IMAGE_URL --order-id {orderId} --yes  # with the --image and --notify-url the first run gave",
				},
				SettleKey: "orderId"},
			{Name: OpReportGet, Summary: "a bought report"},
		},
		Sandbox: sandbox,
	}
}

func newClient(env registry.Env) (any, error) {
	s := registry.ReadSettings(env.Provider, env.Settings)
	cfg := Config{
		BaseURL:     s.Required("endpoint"),
		Username:    s.Required("username"),
		Password:    s.Required("password"),
		APIVersion:  s.Optional("api-version"),
		HeaderStyle: s.Optional("header-style"),
		HTTP:        env.HTTP,
		Tokens:      env.Tokens,
		Now:         env.Now,
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return New(cfg), nil
}

// descriptorForSettings is the descriptor without its sandbox, for reading
// settings against the schema.
