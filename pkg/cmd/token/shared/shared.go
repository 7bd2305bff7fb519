// Package shared connects the token commands to the providers that log in
// with tokens (paoding, bihu).
package shared

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/tokencache"
)

// Source obtains tokens for one provider.
type Source struct {
	Provider string
	Profile  string
	// Get logs in afresh; Refresh extends the current login.
	Get     func(ctx context.Context) (*tokencache.Token, error)
	Refresh func(ctx context.Context) (*tokencache.Token, error)
	// Clear ends the login on the provider; nil when the provider has no
	// sign-out.
	Clear func(ctx context.Context) (string, error)
}

// SourceFor builds the Source of a provider from its registry entry.
func SourceFor(f *cmdutil.Factory, provider string) (*Source, error) {
	if err := ValidateProvider(f.Registry, provider); err != nil {
		return nil, err
	}
	d, _ := f.Registry.Lookup(provider)
	c, err := f.Client(d.Name)
	if err != nil {
		return nil, err
	}
	p, err := f.Profile()
	if err != nil {
		return nil, err
	}
	src := &Source{Provider: d.Name, Profile: p.Name,
		Get:     func(ctx context.Context) (*tokencache.Token, error) { return d.Tokens.Get(ctx, c) },
		Refresh: func(ctx context.Context) (*tokencache.Token, error) { return d.Tokens.Refresh(ctx, c) },
	}
	if d.Tokens.Clear != nil {
		src.Clear = func(ctx context.Context) (string, error) { return d.Tokens.Clear(ctx, c) }
	}
	return src, nil
}

// Providers lists the providers that log in with tokens.
func Providers(reg *registry.Registry) []string {
	var out []string
	for _, p := range reg.WithTokens() {
		out = append(out, p.Name)
	}
	return out
}

// ValidateProvider checks --provider before anything runs. A provider
// that exists but logs in for no token (eBao, Sunshine) is told apart
// from a misspelt one: the user then learns why there is nothing to get,
// not only which names would do.
func ValidateProvider(reg *registry.Registry, p string) error {
	d, ok := reg.Lookup(p)
	if ok && d.Tokens != nil {
		return nil
	}
	names := Providers(reg)
	want := "--provider must be one of " + strings.Join(names, ", ") + ", the providers that log in for a token"
	if len(names) > 0 {
		want += " (for example --provider " + names[0] + ")"
	}
	if ok {
		return cmdutil.FlagErrorf("--provider %q: %s signs each request with the profile's keys and holds no token, so there is none to get, refresh, show or clear; %s",
			d.Name, d.Title(), want)
	}
	got := fmt.Sprintf("--provider %q is not a provider", p)
	if near := registry.Closest(p, names); near != "" {
		got += " (did you mean " + near + "?)"
	}
	return cmdutil.FlagErrorf("%s; %s", got, want)
}

// ProviderHelp describes --provider: each token provider and its note.
func ProviderHelp(reg *registry.Registry) string {
	var parts []string
	for _, p := range reg.WithTokens() {
		s := p.Name
		if p.Tokens.Note != "" {
			s += " (" + p.Tokens.Note + ")"
		}
		parts = append(parts, s)
	}
	return "Provider: " + strings.Join(parts, "; ")
}

// View is how a token is shown: never the value itself unless asked.
type View struct {
	Provider     string    `json:"provider"`
	Profile      string    `json:"profile"`
	Token        string    `json:"token"`
	IssuedAt     time.Time `json:"issued_at"`
	ExpiresAt    time.Time `json:"expires_at"`
	ExpiresIn    string    `json:"expires_in"`
	Valid        bool      `json:"valid"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	// User is the user name the token was issued to, where the provider
	// binds tokens to one: a command run as another user name does not
	// use it (it logs in as its own).
	User string `json:"user,omitempty"`
}

// NewView describes t; reveal shows the secret values (--show-secrets).
func NewView(provider, profile string, t *tokencache.Token, now time.Time, reveal bool) View {
	v := View{Provider: provider, Profile: profile, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt, Valid: t.Valid(now, 0),
		User: t.Extra[tokencache.ExtraUser]}
	v.Token, v.RefreshToken = config.Mask(t.Value), config.Mask(t.RefreshToken)
	if reveal {
		v.Token, v.RefreshToken = t.Value, t.RefreshToken
	}
	if v.Valid {
		v.ExpiresIn = t.ExpiresAt.Sub(now).Round(time.Second).String()
	} else {
		v.ExpiresIn = "expired"
	}
	return v
}

// Print writes the view. On the table view a masked token earns a note
// on stderr, written after the table (which is drawn through a buffer),
// so on a terminal the note follows the values it is about.
func Print(ios *iostreams.IOStreams, oo output.Options, v View) error {
	drawn := false
	err := output.Print(ios.Out, oo, output.Result{Data: v, Table: func(w io.Writer) error {
		drawn = true
		cs := ios.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("provider", v.Provider)
		kv.Add("profile", v.Profile)
		kv.Add("token", v.Token)
		if v.User != "" {
			kv.Add("user", v.User+" (used only with this user name)")
		}
		kv.Add("issued", output.Time(v.IssuedAt))
		exp := output.Time(v.ExpiresAt)
		if v.Valid {
			exp += " (in " + v.ExpiresIn + ")"
		} else {
			exp = cs.Red(exp + " (expired)")
		}
		kv.Add("expires", exp)
		if v.RefreshToken != "" {
			kv.Add("refresh token", v.RefreshToken+" (single use)")
		}
		return kv.Render(w)
	}})
	if err != nil || !drawn || v.Token == "" || !strings.Contains(v.Token, "*") {
		return err
	}
	_, err = fmt.Fprintln(ios.ErrOut, ios.ErrColorScheme().Gray("token values are masked; add --show-secrets to print them"))
	return err
}
