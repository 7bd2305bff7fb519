// Package toyprovider registers a fifth, test-only provider and shows that
// every command that lists, configures, sends to, logs in to, serves or
// completes providers picks it up from the registry with no edit
// elsewhere. docs/contributing.md ("Adding a provider") walks through it.
package toyprovider

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmd/sandbox/serve"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/builtin"
)

// The toy provider: a JSON API with a login that returns a token and two
// operations, one a look-up and one an act.
const (
	toyName   = "toy"
	toyUser   = "toy-user"
	toySecret = "toy-secret-5b1e"
)

type toyClient struct {
	base, user, key string
	http            *http.Client
	tokens          tokencache.Cache
}

func (c *toyClient) login(ctx context.Context) (*tokencache.Token, error) {
	var out struct {
		Token string `json:"token"`
	}
	if err := c.post(ctx, "login", nil, &out, nil); err != nil {
		return nil, err
	}
	now := time.Now()
	tok := &tokencache.Token{Value: out.Token, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	return tok, c.tokens.Save(ctx, tok)
}

func (c *toyClient) post(ctx context.Context, path string, body []byte, out any, raw *[]byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/"+path, strings.NewReader(string(body)))
	if err != nil {
		return err
	}
	req.Header.Set("X-User", c.user)
	req.Header.Set("X-Key", c.key)
	resp, err := c.http.Do(req)
	if err != nil {
		return failure.NetworkError(toyName, path, err, path == "order")
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return failure.NetworkError(toyName, path, err, path == "order")
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return failure.New(failure.Auth, toyName, path, "the key was refused")
	}
	if raw != nil {
		*raw = b
	}
	return json.Unmarshal(b, out)
}

func toyDescriptor() registry.Provider {
	return registry.Provider{
		Name:        toyName,
		DisplayName: "Toy Motor API",
		Summary:     "a test-only provider",
		Settings: []registry.Field{
			{Key: "endpoint", Label: "Toy base URL", Example: "https://toy.example", Check: registry.CheckURL},
			{Key: "user", Label: "Toy user"},
			{Key: "api-key", Label: "Toy API key", Secret: true},
		},
		NewClient: func(env registry.Env) (any, error) {
			s := registry.ReadSettings(env.Provider, env.Settings)
			c := &toyClient{base: s.Required("endpoint"), user: s.Required("user"), key: s.Required("api-key"), http: env.HTTP, tokens: env.Tokens}
			return c, s.Err()
		},
		Tokens: &registry.TokenScope{
			Get:     func(ctx context.Context, c any) (*tokencache.Token, error) { return c.(*toyClient).login(ctx) },
			Refresh: func(ctx context.Context, c any) (*tokencache.Token, error) { return c.(*toyClient).login(ctx) },
			Note:    "a one-hour token",
		},
		Operations: []registry.Operation{
			{Name: "ping", Summary: "check the credentials"},
			{Name: "order", Summary: "place an order", Acts: true},
		},
		Call: func(ctx context.Context, c any, op string, body []byte) (*registry.Answer, error) {
			var data map[string]any
			var raw []byte
			if err := c.(*toyClient).post(ctx, op, body, &data, &raw); err != nil {
				return nil, err
			}
			return &registry.Answer{Raw: raw, Data: data}, nil
		},
		Sandbox: &registry.Sandbox{
			Credentials: map[string]string{"user": toyUser, "api-key": toySecret},
			New: func(registry.SandboxEnv) registry.SandboxServer {
				return registry.SandboxServer{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if r.Header.Get("X-Key") != toySecret {
						w.WriteHeader(http.StatusUnauthorized)
						return
					}
					w.Header().Set("Content-Type", "application/json")
					switch r.URL.Path {
					case "/login":
						fmt.Fprint(w, `{"token":"toy-token-0c4f9e"}`)
					case "/ping":
						fmt.Fprintf(w, `{"pong":true,"user":%q}`, r.Header.Get("X-User"))
					default:
						http.NotFound(w, r)
					}
				})}
			},
		},
	}
}

func toyRegistry() *registry.Registry {
	return registry.New(append(builtin.Providers(), toyDescriptor())...)
}

func execute(e *cmdtest.Env, args ...string) error {
	cmd := root.NewCmdRoot(e.F)
	if len(args) > 0 && args[0] != "__complete" {
		args = append([]string{"-p", "sandbox"}, args...)
	}
	cmd.SetArgs(args)
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	return cmd.Execute()
}

func TestToyProviderInProfileAdd(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Registry: toyRegistry()})
	e.In.WriteString("a-real-key")
	if err := execute(e, "profile", "add", "t1", "--set", "toy.endpoint=https://toy.example", "--set", "toy.user=acme", "--secret-stdin", "toy.api-key"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	b, err := os.ReadFile(e.Config.Path)
	if err != nil || !strings.Contains(string(b), "toy:") || !strings.Contains(string(b), "user: acme") {
		t.Fatalf("config file: %v\n%s", err, b)
	}
	e.Reset()
	if err := execute(e, "profile", "add", "t1", "--set", "toy.api-key=x"); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("a toy secret from a flag: %v", err)
	}
	e.Reset()
	if err := execute(e, "-o", "json", "profile", "show", "t1"); err != nil || !strings.Contains(e.Out.String(), `"provider":"toy"`) || strings.Contains(e.Out.String(), "a-real-key") {
		t.Fatalf("show: %v %s", err, e.Out)
	}
}

// namingPrompter picks the toy provider in the wizard's provider list and
// answers every field, recording what it was offered.
type namingPrompter struct {
	cmdtest.Prompter
	offered []string
	labels  []string
}

func (p *namingPrompter) MultiSelect(_ string, _ []string, options []string) ([]int, error) {
	p.offered = options
	for i, o := range options {
		if o == toyName {
			return []int{i}, nil
		}
	}
	return nil, fmt.Errorf("toy not offered: %v", options)
}

func (p *namingPrompter) Confirm(string, bool) (bool, error) { return false, nil }

func (p *namingPrompter) Form(qs []prompter.Question) (map[string]string, error) {
	out := map[string]string{}
	for _, q := range qs {
		label := q.Label
		if q.Example != "" {
			label += " (e.g. " + q.Example + ")" // as the huh prompter shows it
		}
		p.labels = append(p.labels, label)
		out[q.Key] = map[string]string{"toy.endpoint": "https://toy.example", "toy.user": "wizard", "toy.api-key": "wizard-key"}[q.Key]
	}
	return out, nil
}

func TestToyProviderInConfigure(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Registry: toyRegistry(), TTY: true})
	p := &namingPrompter{}
	e.F.Prompter = func() prompter.Prompter { return p }
	if err := execute(e, "configure", "wiz"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	if strings.Join(p.offered, ",") != "paoding,ebao,bihu,sunshine,toy" {
		t.Fatalf("configure offered %v", p.offered)
	}
	// Each is required by the toy's client, so the wizard marks it so.
	if strings.Join(p.labels, "|") != "Toy base URL (required) (e.g. https://toy.example)|Toy user (required)|Toy API key (required)" {
		t.Fatalf("asked %q", p.labels)
	}
	b, _ := os.ReadFile(e.Config.Path)
	if !strings.Contains(string(b), "user: wizard") {
		t.Fatalf("config:\n%s", b)
	}
	e.Reset()
	if err := execute(e, "__complete", "configure", "--provider", ""); err != nil || !strings.Contains(e.Out.String(), "toy\n") {
		t.Fatalf("completion of configure --provider: %v %s", err, e.Out)
	}
}

func TestToyProviderInAPIAndTokenAgainstItsSandbox(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Registry: toyRegistry()})
	if err := execute(e, "api", "toy", "ping"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	if strings.TrimSpace(e.Out.String()) != `{"pong":true,"user":"toy-user"}` {
		t.Fatalf("api toy ping: %s", e.Out)
	}
	if got := e.ReceivedPaths(); len(got) != 1 || got[0] != "POST /toy/ping" {
		t.Fatalf("the sandbox received %v", got)
	}
	e.Reset()
	if err := execute(e, "api", "toy", "order"); cmdutil.ExitCode(err) != 2 || len(e.Received()) != 0 {
		t.Fatalf("an act without --yes in a script: %v, sent %v", err, e.ReceivedPaths())
	}
	e.Reset()
	if err := execute(e, "api", "toy", "nope"); cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error()+fmt.Sprint(err.(*failure.Error).Hint), "order, ping") {
		t.Fatalf("unknown operation: %v", err)
	}
	e.Reset()
	if err := execute(e, "token", "get", "--provider", "toy"); err != nil {
		t.Fatalf("%v\n%s", err, e.ErrOut)
	}
	if !strings.Contains(e.Out.String(), `"provider":"toy"`) || strings.Contains(e.Out.String(), "toy-token-0c4f9e") {
		t.Fatalf("token get: %s", e.Out)
	}
	if tok, _ := e.Store.TokenCache("sandbox", toyName).Load(t.Context()); tok == nil || tok.Value != "toy-token-0c4f9e" {
		t.Fatalf("cached %+v", tok)
	}
	e.Reset()
	if err := execute(e, "token", "get", "--help"); err != nil || !strings.Contains(e.Out.String(), "toy (a one-hour token)") {
		t.Fatalf("token help: %v %s", err, e.Out)
	}
}

func TestToyProviderInCompletion(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Registry: toyRegistry()})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "api", ""}, "toy\ta test-only provider"},
		{[]string{"__complete", "api", "toy", ""}, "order\tplace an order"},
		{[]string{"__complete", "token", "get", "--provider", ""}, "toy"},
		{[]string{"__complete", "profile", "add", "x", "--set", ""}, "toy.endpoint=\tToy base URL"},
		{[]string{"__complete", "profile", "add", "x", "--secret-stdin", ""}, "toy.api-key\tToy API key"},
	} {
		e.Reset()
		if err := execute(e, c.args...); err != nil || !strings.Contains(e.Out.String(), c.want) {
			t.Errorf("%v: %v\n%s", c.args, err, e.Out)
		}
	}
}

func TestToyProviderInSandboxServe(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{Registry: toyRegistry()})
	ready := make(chan *sandbox.Server, 1)
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan error, 1)
	cmd := serve.NewCmdServe(e.F, func(o *serve.Options) error {
		o.Addr, o.StateDir = "127.0.0.1:0", filepath.Join(t.TempDir(), "sb")
		o.Ready = func(s *sandbox.Server) { ready <- s }
		return serve.Run(o)
	})
	cmd.SetArgs(nil)
	go func() { done <- cmd.ExecuteContext(ctx) }()
	var srv *sandbox.Server
	select {
	case srv = <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	var listed struct {
		Endpoints map[string]string `json:"endpoints"`
	}
	if err := json.Unmarshal(e.Out.Bytes(), &listed); err != nil || listed.Endpoints[toyName] != srv.URL+"/toy" {
		t.Fatalf("serve listed %s (%v)", e.Out, err)
	}
	req, _ := http.NewRequest(http.MethodPost, listed.Endpoints[toyName]+"/ping", nil)
	req.Header.Set("X-Key", toySecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"pong":true`) {
		t.Fatalf("toy fake answered %d %s", resp.StatusCode, body)
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// INSURE_SANDBOX_URL maps the toy provider too.
	if ep := sandbox.EndpointFromURL(e.F.Registry, "http://127.0.0.1:9/", toyName); ep != "http://127.0.0.1:9/toy" {
		t.Fatalf("endpoint %q", ep)
	}
}
