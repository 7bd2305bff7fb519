// The HTTP side of the Factory: the shared client, provider clients built
// from the registry, and the profile's default time limit.

package factory

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/insurekit/insure/pkg/store"
)

// transportKey is what the HTTP client is built from; the client is
// rebuilt only when it changes (the binary sets the globals once; tests
// flip --dry-run between steps).
func transportKey(g *cmdutil.GlobalOptions) string {
	return fmt.Sprint(g.Timeout, g.DryRun, g.Curl, g.ShowSecrets, g.Verbose, g.Profile, g.CACert, g.Output, g.JQ, g.Template, g.Batch)
}

func httpClientFunc(f *cmdutil.Factory) func() (*http.Client, error) {
	var mu sync.Mutex
	var client *http.Client
	var builtFor string
	return func() (*http.Client, error) {
		mu.Lock()
		defer mu.Unlock()
		// The profile first: its defaults.timeout sets the time limit
		// when neither --timeout nor INSURE_TIMEOUT did.
		_, _ = f.Profile()
		if key := transportKey(f.Globals); client == nil || key != builtFor {
			builtFor = key
			g := f.Globals
			o := httpx.Options{
				Timeout: g.Timeout,
				DryRun:  g.DryRun, Curl: g.Curl, ShowSecrets: g.ShowSecrets,
				Out: f.IOStreams.Out, ForDisplay: f.IOStreams.IsStdoutTTY(),
				Profile: g.Profile,
			}
			// Pipes first: --dry-run prints JSON where a result would be
			// JSON (stdout not a terminal, or -o json). A bad -o is the
			// command's own error to report.
			if f.OutputOptions != nil && g.DryRun {
				if oo, err := f.OutputOptions(); err == nil {
					o.DryRunJSON = oo.Format == "json"
					if oo.JQ != "" || oo.Template != "" {
						// --jq and --template filter the JSON form of a
						// result; a dry run's result is the request.
						o.DryRunJSON = true
						o.Out = dryRunFilter{out: f.IOStreams.Out, errOut: f.IOStreams.ErrOut, oo: oo}
					}
				}
			}
			caFile := g.CACert
			if p, err := f.Profile(); err == nil {
				o.Profile = p.Name
				if caFile == "" {
					caFile = p.Value(config.DefaultsSection, "cacert")
				}
			}
			roots, err := httpx.LoadCAs(caFile)
			if err != nil {
				client = nil
				return nil, err
			}
			o.RootCAs = roots
			if g.Verbose {
				o.Verbose = f.IOStreams.ErrOut
			} else if f.IOStreams.IsStderrTTY() && !g.Batch {
				o.Waiting = f.IOStreams.ErrOut
			}
			if !g.DryRun && !g.Curl {
				lost := journalWarning(f.IOStreams.ErrOut)
				if s, err := f.Store(); err == nil {
					o.Journal = outcomeJournal{s.Journal(), f.Registry, lost}
				} else {
					o.Journal = unopenedJournal{reg: f.Registry, err: err, lost: lost}
				}
			}
			client = httpx.NewClient(o)
		}
		return client, nil
	}
}

// clientFunc builds each provider's client once, from the registry's
// constructor, the profile's settings and the shared plumbing.
func clientFunc(f *cmdutil.Factory) func(string) (any, error) {
	var mu sync.Mutex
	built := map[string]any{}
	return func(name string) (any, error) {
		mu.Lock()
		defer mu.Unlock()
		key := name + "\x00" + transportKey(f.Globals)
		if c, ok := built[key]; ok {
			return c, nil
		}
		d, ok := f.Registry.Lookup(name)
		if !ok || d.NewClient == nil {
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("unknown provider %q (known: %v)", name, f.Registry.Names())}
		}
		p, err := f.Profile()
		if err != nil {
			return nil, err
		}
		hc, err := f.HttpClient()
		if err != nil {
			return nil, err
		}
		env := registry.Env{Provider: d, Settings: p.For(d.Name), HTTP: hc, Now: f.Now}
		if d.Tokens != nil {
			st, err := f.Store()
			if err != nil {
				return nil, err
			}
			env.Tokens = st.TokenCacheWith(p.Name, d.Name, store.TokenCacheOptions{MaxWait: f.Globals.Timeout, OnWait: lockNotice(f.IOStreams)})
		}
		c, err := d.NewClient(env)
		if err != nil {
			return nil, err
		}
		built[key] = c
		return c, nil
	}
}

// applyDefaultTimeout sets the time limit from the profile's
// defaults.timeout when neither --timeout nor INSURE_TIMEOUT gave one
// (flag > environment > profile > built-in, as for every global). The
// value was checked with the profile's other settings.
func applyDefaultTimeout(g *cmdutil.GlobalOptions, prof *config.Profile) {
	if g == nil || g.TimeoutSet {
		return
	}
	v, _, _ := prof.Get(config.DefaultsSection, "timeout")
	if d, err := time.ParseDuration(strings.TrimSpace(v)); err == nil && d > 0 {
		g.Timeout = d
	}
}

// dryRunFilter applies --jq or --template to each request --dry-run
// prints (one JSON document a write), as to any command's JSON result:
// `--dry-run --jq .url` prints the signed URL.
type dryRunFilter struct {
	out, errOut io.Writer
	oo          output.Options
}

func (d dryRunFilter) Write(p []byte) (int, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(p))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return d.out.Write(p)
	}
	if err := output.Print(d.out, d.oo, output.Result{Data: v}); err != nil {
		// The transport cannot fail on a rendering; say why nothing came.
		fmt.Fprintf(d.errOut, "error: %v\n", err)
	}
	return len(p), nil
}
