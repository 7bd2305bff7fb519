package bihu

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/tokencache"
)

// TimestampTolerance is how far the timestamp signed into login and
// renewal is taken to be allowed off the server's clock. Neither document
// gives a figure; five minutes is the usual window of timestamp-signed
// APIs (docs/providers/bihu.md).
const TimestampTolerance = 5 * time.Minute

// Descriptor is Bihu's entry in the provider registry; sandbox is its fake
// (providers/bihu/sandbox), passed in because the fake imports this
// package.
func Descriptor(sandbox *registry.Sandbox) registry.Provider {
	return registry.Provider{
		Name:        Provider,
		DisplayName: "Bihu (壁虎)",
		Summary:     "renewal look-ups by plate or VIN",
		Settings: []registry.Field{
			{Key: "endpoint", Label: "Bihu base URL", Example: "http://lzl.91bihu.com", Check: registry.CheckURL},
			{Key: "agent-id", Label: "Bihu agent id", Example: "102", Check: checkAgentID},
			{Key: "username", Label: "Bihu user name"},
			{Key: "secret-key", Label: "Bihu secret key", Secret: true},
			{Key: "city-code", Label: "Default Bihu city code", Example: "1", Check: checkCityCode},
			{Key: "session-timeout", Label: "Bihu login session length", Default: "2h", Check: registry.CheckDurationOrSeconds},
			{Key: "hex-case", Label: "SecCode hex case (upper/lower)", Default: "upper", Choices: []string{"upper", "lower"}},
		},
		NewClient: newClient,
		Tokens: &registry.TokenScope{
			Get: func(ctx context.Context, c any) (*tokencache.Token, error) { return c.(*Client).Login(ctx) },
			// Bihu has no refresh token: a new session is a new login.
			Refresh: func(ctx context.Context, c any) (*tokencache.Token, error) { return c.(*Client).Login(ctx) },
			Note:    "no refresh token: refresh logs in again; clear signs out",
			Clear: func(ctx context.Context, c any) (string, error) {
				res, err := c.(*Client).EndSession(ctx)
				if err != nil {
					return "", err
				}
				switch res {
				case SignedOut:
					return "Bihu accepted the sign-out: the session has ended", nil
				case AlreadyEnded:
					return "Bihu had already ended the session (403)", nil
				case OtherScope:
					return "the cached token was opened at another endpoint, agent or user than the profile now names, so it was forgotten without being sent; that session ends on its own when its timeout runs out", nil
				}
				return "no session was cached, so nothing was sent to Bihu", nil
			},
		},
		Clock: &registry.ClockRule{Tolerance: TimestampTolerance, Uses: "signs a unix timestamp into login and renewal"},
		// A login, not the cached session: a session opened earlier says
		// nothing of the secret key the profile holds now (the session
		// replaced runs out by itself, as after token refresh).
		Probe: func(ctx context.Context, c any) (string, error) {
			t, err := c.(*Client).Login(ctx)
			if err != nil {
				return "", err
			}
			return "logged in; the session lasts until " + t.ExpiresAt.Local().Format("15:04:05 MST"), nil
		},
		ExampleAliases: map[string][]string{"renewal": {"renew-by-plate", "renew-by-vin"}, "renew": {"renew-by-plate", "renew-by-vin"}},
		Operations: []registry.Operation{
			{Name: "login", Summary: "open a session and get its page token"},
			{Name: "renewal", Summary: "look a car's renewal up by plate or VIN + engine number"},
			{Name: "signout", Summary: "end the session"},
		},
		Sandbox: sandbox,
	}
}

func newClient(env registry.Env) (any, error) {
	s := registry.ReadSettings(env.Provider, env.Settings)
	cfg := Config{
		BaseURL:   s.Required("endpoint"),
		AgentID:   s.Required("agent-id"),
		Username:  s.Required("username"),
		SecretKey: s.Required("secret-key"),
		CityCode:  s.Optional("city-code"),
		LowerHex:  strings.EqualFold(strings.TrimSpace(s.Optional("hex-case")), "lower"),
		HTTP:      env.HTTP,
		Tokens:    env.Tokens,
		Now:       env.Now,
	}
	if v := s.Optional("session-timeout"); v != "" {
		cfg.SessionTimeout, _ = registry.ParseDurationOrSeconds(v) // checked by the schema
	}
	if env.Settings.IsSandbox() {
		// Each process starts the in-process sandbox on a new port, but all
		// share one sandbox state, so they share one login as they would
		// with a real server.
		cfg.TokenScope = "sandbox"
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return New(cfg), nil
}

// ParseHexCase says whether v asks for lower-case hex SecCodes: "upper"
// (the default, also for "") or "lower".
func ParseHexCase(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "upper":
		return false, nil
	case "lower":
		return true, nil
	}
	return false, fmt.Errorf("must be upper or lower (got %q)", v)
}

// checkAgentID holds a profile's agent id to what Bihu gives a partner:
// digits (102 and 11111 in its documents); any other text is refused at
// login ("agentId 不存在").
func checkAgentID(v string) error {
	v = strings.TrimSpace(v)
	if v != "" && strings.Trim(v, "0123456789") == "" {
		return nil
	}
	return fmt.Errorf("must be the digits of the agent id Bihu gave you (got %q)", v)
}

// checkCityCode holds a profile's default city to Bihu's city table, as
// renew does: a code or a name.
func checkCityCode(v string) error {
	if _, ok := LookupCity(v); ok {
		return nil
	}
	parts := make([]string, len(Cities))
	for i, c := range Cities {
		parts[i] = c.Code + " " + c.Name
	}
	return fmt.Errorf("is not a Bihu city (got %q); use a code or name from: %s", v, strings.Join(parts, ", "))
}
