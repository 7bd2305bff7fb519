// Package registry is the one list of providers insure knows. Each
// provider package exports a descriptor (name, settings schema, client
// constructor, token scope, raw operations, sandbox); config, profiles,
// configure, token, api, sandbox, completion and help read the registry
// instead of naming providers, so a new provider is one folder plus one
// registration line (see providers/builtin).
package registry

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/tokencache"
)

// Provider describes one provider to the rest of insure.
type Provider struct {
	// Name is the provider's name in flags, config sections, environment
	// variables (INSURE_<NAME>_<FIELD>) and the sandbox's path prefix.
	Name string
	// DisplayName is how people call it ("eBao Cloud", "Bihu (壁虎)").
	DisplayName string
	// Summary says in a few words what it does, for lists and help.
	Summary string
	// Settings is the schema of the provider's section in a profile.
	Settings []Field
	// NewClient builds the provider's client from a profile's settings and
	// the shared plumbing. Missing or malformed settings are one
	// failure.Invalid naming each field.
	NewClient func(Env) (any, error)
	// Tokens is set for providers that log in for a token.
	Tokens *TokenScope
	// Clock is set for a provider whose requests carry this machine's
	// time and are refused when it is too far off; insure doctor
	// compares the clocks of these only.
	Clock *ClockRule
	// Probe makes one harmless call that proves the credentials work (a
	// login, a signed look-up) for `insure doctor`, and says what it
	// showed. It never buys, issues or cancels.
	Probe func(ctx context.Context, client any) (string, error)
	// Operations are the documented operations `insure api` can send.
	Operations []Operation
	// JournalOperations are the names the journal records requests under
	// that are no Operation of insure api (Sunshine's look-ups, its raw
	// documents), so that history's --op knows every name.
	JournalOperations []string
	// Call sends one operation for `insure api` from a request file's
	// bytes. Providers whose api support lives in a dedicated command
	// runner may leave it nil.
	Call func(ctx context.Context, client any, op string, body []byte) (*Answer, error)
	// Sandbox is the provider's fake, mounted by pkg/sandbox.
	Sandbox *Sandbox
	// ExampleAliases names the example files (examples/<provider>/NAME.*)
	// for an operation or command whose name is not an example's: the
	// names insure api and the guided commands use. The first is the
	// one `insure example` prints.
	ExampleAliases map[string][]string
	// RecordFlags maps a flag name to the kind of local-index record it
	// names ("quote" -> "quotation"), so every command with that flag
	// completes it from the store, never from the network.
	RecordFlags map[string]string
}

// Operation is one documented operation of a provider.
type Operation struct {
	Name    string
	Summary string
	// Journal is the name the journal, the wire log and errors give the
	// operation when it is not Name (Sunshine's 105 is txn.105).
	Journal string
	// Acts is true for an operation that buys, issues or cancels: it
	// needs --yes in a script, and a failure after sending leaves its
	// outcome unknown.
	Acts bool
	// Settle is the command that settles an act of this operation left
	// in doubt (a look-up, or the same act again, which the provider
	// refuses as done), after `insure -p PROFILE`; {key} is the value of
	// the journal key of that name ("vin-report get {orderId}"), and
	// upper-case words are what the user fills in. The first whose keys
	// the act carries is used (a purchase by VIN, or by photo). insure
	// find prints it. A step that is no act but whose outcome can be
	// unknown all the same (Sunshine's payment check, part of an issue)
	// may have one too.
	Settle []string
	// SettleKey is the journal key that names the act (the one store.Settle
	// matches its attempts by: a purchase's orderId, a quotation's
	// number); history prune keeps the earlier attempt so named.
	SettleKey string
}

// SettleCommand is the first of o.Settle whose keys the act recorded with
// keys under profile carries, filled in; "" when there is none.
func (o Operation) SettleCommand(profile string, keys map[string]string) string {
	for _, tmpl := range o.Settle {
		missing := false
		cmd := settleKey().ReplaceAllStringFunc(tmpl, func(m string) string {
			v := keys[m[1:len(m)-1]]
			if v == "" {
				missing = true
			}
			return v
		})
		if missing {
			continue
		}
		if profile != "" {
			cmd = "-p " + profile + " " + cmd
		}
		return "insure " + cmd
	}
	return ""
}

var settleKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{[A-Za-z]+\}`) })

// ClockRule is how a provider's requests depend on this machine's clock.
type ClockRule struct {
	// Tolerance is how far off the clock may be before the provider
	// refuses a request.
	Tolerance time.Duration
	// Uses says what carries the time, after the provider's name
	// ("signs a unix timestamp into login and renewal").
	Uses string
}

// Answer is what a raw operation returned: the body as received and, when
// it parsed, its data for JSON/table output.
type Answer struct {
	Raw  []byte
	Data any
}

// TokenScope is how `insure token` obtains a provider's tokens.
type TokenScope struct {
	// Get logs in afresh.
	Get func(ctx context.Context, client any) (*tokencache.Token, error)
	// Refresh extends the current login (Get again where the provider has
	// no refresh token).
	Refresh func(ctx context.Context, client any) (*tokencache.Token, error)
	// Note is shown in `insure token --help` (e.g. "no refresh token").
	Note string
	// Clear, if set, ends the cached login on the provider before
	// `insure token clear` forgets it locally, and says what the provider
	// answered. Its error keeps the provider's kind (a network failure
	// means the provider was not reached).
	Clear func(ctx context.Context, client any) (string, error)
}

// Env is what a client constructor gets.
type Env struct {
	// Provider is the descriptor being built, for reading its settings.
	Provider *Provider
	Settings Settings
	HTTP     *http.Client
	// Tokens is this profile's token cache for this provider.
	Tokens tokencache.Cache
	Now    func() time.Time
}

// Settings reads one provider's section of the selected profile,
// environment overrides and keyring included.
type Settings interface {
	// Get returns the value of key and where it came from ("env", "file",
	// "keyring", "default", "sandbox").
	Get(key string) (value, source string, err error)
	// ProfileName is the profile the settings belong to.
	ProfileName() string
	// IsSandbox says the settings are the built-in sandbox profile's.
	IsSandbox() bool
}

// Sandbox is a provider's fake server.
type Sandbox struct {
	// Path follows /<name> in the endpoint a profile uses (e.g. the
	// servlet path of Sunshine); empty for most.
	Path string
	// Credentials are the sandbox profile's settings (published test
	// credentials, not anybody's secrets), endpoint excepted.
	Credentials map[string]string
	// New builds the handler on the sandbox's shared state.
	New func(SandboxEnv) SandboxServer
}

// SandboxEnv is what a fake gets from pkg/sandbox.
type SandboxEnv struct {
	State state.Store
	Now   func() time.Time
	// LongLived is true under `insure sandbox serve`, which runs
	// background work (asynchronous notifications) the in-process sandbox
	// does not.
	LongLived bool
}

// SandboxServer is a built fake.
type SandboxServer struct {
	Handler http.Handler
	// Background, if set, runs until ctx ends (long-lived mode only).
	Background func(ctx context.Context)
	// Code, if set, returns a handler answering every request with one
	// of the provider's documented business codes in its own envelope,
	// for the fault kind code:N; an error says the provider documents no
	// such code. A fake without it cannot take code faults.
	Code func(code string) (http.Handler, error)
}

// Registry is an ordered set of providers.
type Registry struct {
	providers []*Provider
	byName    map[string]*Provider
	// build, when set, makes providers and byName on first use (Lazy).
	build func() []Provider
	once  sync.Once
}

// New builds a registry; it panics on a duplicate or malformed descriptor,
// which is a programming error caught by any test.
func New(providers ...Provider) *Registry {
	r := &Registry{}
	r.add(providers)
	return r
}

// Lazy is New(build()...) with build called on first use: every insure
// process makes a Factory and its registry, and most (version, help,
// completion scripts) never look a provider up, so its descriptors and
// their sandboxes' settings are not built at start-up.
func Lazy(build func() []Provider) *Registry {
	return &Registry{build: build}
}

// load builds a Lazy registry's providers.
func (r *Registry) load() *Registry {
	r.once.Do(func() {
		if r.build != nil {
			r.add(r.build())
		}
	})
	return r
}

func (r *Registry) add(providers []Provider) {
	r.byName = map[string]*Provider{}
	for i := range providers {
		p := providers[i]
		if p.Name == "" || p.Name != strings.ToLower(p.Name) || strings.ContainsAny(p.Name, " ._") {
			panic(fmt.Sprintf("registry: provider name %q must be lower-case without spaces, dots or underscores", p.Name))
		}
		if _, dup := r.byName[p.Name]; dup {
			panic("registry: provider " + p.Name + " registered twice")
		}
		seen := map[string]bool{}
		for _, f := range p.Settings {
			if f.Key != strings.ToLower(f.Key) || seen[f.Key] {
				panic(fmt.Sprintf("registry: %s setting %q is duplicated or not lower-case", p.Name, f.Key))
			}
			seen[f.Key] = true
		}
		r.providers = append(r.providers, &p)
		r.byName[p.Name] = &p
	}
}

// All lists the providers in registration order (the order the wizard
// asks about them).
func (r *Registry) All() []*Provider { return r.load().providers }

// Names lists the providers' names in registration order.
func (r *Registry) Names() []string {
	out := make([]string, len(r.load().providers))
	for i, p := range r.providers {
		out[i] = p.Name
	}
	return out
}

// Lookup finds a provider by name, ignoring case.
func (r *Registry) Lookup(name string) (*Provider, bool) {
	p, ok := r.load().byName[strings.ToLower(strings.TrimSpace(name))]
	return p, ok
}

// Field finds one setting of one provider, ignoring case.
func (r *Registry) Field(provider, key string) (Field, bool) {
	p, ok := r.Lookup(provider)
	if !ok {
		return Field{}, false
	}
	return p.Field(key)
}

// WithTokens lists the providers that have a token scope.
func (r *Registry) WithTokens() []*Provider {
	var out []*Provider
	for _, p := range r.load().providers {
		if p.Tokens != nil {
			out = append(out, p)
		}
	}
	return out
}

// SandboxCredentials is every provider's sandbox settings by provider.
func (r *Registry) SandboxCredentials() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, p := range r.load().providers {
		if p.Sandbox == nil {
			continue
		}
		sec := map[string]string{}
		for k, v := range p.Sandbox.Credentials {
			sec[k] = v
		}
		out[p.Name] = sec
	}
	return out
}

// Field finds one of the provider's settings, ignoring case.
func (p *Provider) Field(key string) (Field, bool) {
	key = strings.ToLower(strings.TrimSpace(key))
	for _, f := range p.Settings {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Keys lists the provider's setting keys in schema order.
func (p *Provider) Keys() []string {
	out := make([]string, len(p.Settings))
	for i, f := range p.Settings {
		out[i] = f.Key
	}
	return out
}

// Operation finds an operation by name.
func (p *Provider) Operation(name string) (Operation, bool) {
	for _, o := range p.Operations {
		if o.Name == name {
			return o, true
		}
	}
	return Operation{}, false
}

// JournalOperation finds the operation the journal records as name
// (Sunshine's "txn.130" is operation "130").
func (p *Provider) JournalOperation(name string) (Operation, bool) {
	for _, o := range p.Operations {
		if o.JournalName() == name {
			return o, true
		}
	}
	return Operation{}, false
}

// JournalName is the name the journal records the operation under.
func (o Operation) JournalName() string {
	if o.Journal != "" {
		return o.Journal
	}
	return o.Name
}

// OperationNames lists the provider's operations, sorted.
func (p *Provider) OperationNames() []string {
	out := make([]string, len(p.Operations))
	for i, o := range p.Operations {
		out[i] = o.Name
	}
	sort.Strings(out)
	return out
}

// Title is the display name, or the name when there is none.
func (p *Provider) Title() string {
	if p.DisplayName != "" {
		return p.DisplayName
	}
	return p.Name
}
