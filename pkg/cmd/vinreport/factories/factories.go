// Package factories implements `insure vin-report factories`.
package factories

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/insurekit/insure/pkg/cmd/vinreport/factoryget"
	"github.com/insurekit/insure/pkg/cmd/vinreport/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `vin-report factories`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*paoding.Client, string, error)
	Store         func() (*store.Store, error)
	ProfileName   func() (string, error)
	OutputOptions func() (output.Options, error)

	Since   string
	Full    bool
	Offline bool
}

// NewCmdFactories builds the command and its `get` subcommand.
func NewCmdFactories(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions,
		ProfileName: func() (string, error) { return cmdutil.ProfileName(f) },
		Client: func() (*paoding.Client, string, error) {
			c, p, err := f.Paoding()
			if err != nil {
				return nil, "", err
			}
			return c, p.Name, nil
		}}
	cmd := &cobra.Command{
		Use:   "factories",
		Short: "List brand factories (cached locally, updated incrementally)",
		Long: `List the brand factories a report can be bought for, with their price and
whether they need an engine number.

Paoding asks partners to cache this list. insure keeps it in the local store
and, on each run, fetches only the factories changed since the newest
lastModifyTime it holds. --full refetches everything; --offline shows the
cache without any request; --since shows only factories changed after a time,
given as Paoding writes it, in China time (+08:00). Times are shown in the
local zone with their offset; a time copied from the table, with its
offset, is taken as --since too.`,
		Example: `  insure -p sandbox vin-report factories
  insure vin-report factories --since "2016-01-01 00:00:00"
  insure vin-report factories --offline -o json \
    --jq '.[] | select(.needEngineNum) | .brandFactoryId'`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if opts.Since != "" {
				since, ok := sinceInChinaTime(opts.Since)
				if !ok {
					return cmdutil.FlagErrorf("--since must be a time \"yyyy-MM-dd HH:mm:ss\" in China time (UTC+8), like \"2016-01-01 00:00:00\", or one with its offset as the table prints it, like \"2016-01-01 00:00:00 -08:00\" (got %q)", opts.Since)
				}
				opts.Since = since
			}
			if opts.Full && opts.Offline {
				return cmdutil.FlagErrorf("--full and --offline cannot be used together")
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Since, "since", "", `Only factories changed after this time ("yyyy-MM-dd HH:mm:ss", China time)`)
	cmd.Flags().BoolVar(&opts.Full, "full", false, "Refetch the whole list instead of the changes")
	cmd.Flags().BoolVar(&opts.Offline, "offline", false, "Show the cached list without any request")
	cmd.AddCommand(factoryget.NewCmdGet(f, nil))
	return cmd
}

// Run updates the cache and lists it.
func Run(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	var profile string
	var raw []byte
	var cat *shared.Catalogue
	if opts.Offline {
		if profile, err = opts.ProfileName(); err != nil {
			return err
		}
		if cat, err = shared.LoadCatalogue(ctx, st, profile); err != nil {
			return err
		}
		if len(cat.Factories) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "the cache is empty: run `insure vin-report factories` once online")
		}
	} else {
		var c *paoding.Client
		c, profile, err = opts.Client()
		if err != nil {
			return err
		}
		if cat, err = shared.LoadCatalogue(ctx, st, profile); err != nil {
			return err
		}
		if opts.Full {
			cat = &shared.Catalogue{}
		}
		// --since narrows the fetch only when the cache already holds the
		// list up to its newest time: an empty cache (or --full) must get the
		// whole list, or the factories older than --since would be missing
		// from it for good, later runs asking only for changes.
		since := cat.Newest
		if opts.Since != "" && since != "" && opts.Since < since {
			since = opts.Since
		}
		var fetched []paoding.BrandFactory
		fetched, raw, err = c.BrandFactories(ctx, since)
		if err != nil {
			return err
		}
		cat.Merge(fetched)
		if err := cat.Save(ctx, st, profile); err != nil {
			return err
		}
		if opts.IO.IsStderrTTY() && since != "" {
			// since is Paoding's time (China, +08:00): shown as the table
			// shows its times, in the local zone with the offset.
			fmt.Fprintf(opts.IO.ErrOut, "%d changed since %s; %d cached\n", len(fetched), output.ProviderTime(since), len(cat.Factories))
		}
	}
	shown := []paoding.BrandFactory{}
	for _, f := range cat.Factories {
		if opts.Since == "" || f.LastModifyTime > opts.Since {
			shown = append(shown, f)
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: shown, Raw: raw, XMLRoot: "brandFactories", Table: func(w io.Writer) error {
		if len(shown) == 0 && opts.IO.IsStdoutTTY() {
			// A bare header reads as a failure to draw: say what the
			// selection was (JSON says it with []).
			msg := "no brand factories cached\n"
			if opts.Since != "" {
				msg = fmt.Sprintf("no brand factory changed after %s (%d cached)\n", output.ProviderTime(opts.Since), len(cat.Factories))
			}
			_, err := io.WriteString(w, msg)
			return err
		}
		return Table(opts.IO, shown).Render(w)
	}})
}

// Table draws factories.
func Table(ios *iostreams.IOStreams, list []paoding.BrandFactory) *output.Table {
	cs := ios.ColorScheme()
	// On a narrow terminal the factory's name is cut first and the time
	// of its last change gives up its clock, rather than a date being cut
	// mid-day ("2015-12-3…").
	// A remark ("数据维护中", "暂停服务") says why a factory may not serve
	// now: shown when any factory has one and the terminal has room.
	header := []string{"id", "factory", "brand", "price", "engine no.", "usable", "modified"}
	remarks := slices.ContainsFunc(list, func(f paoding.BrandFactory) bool { return f.Remark.String() != "" })
	if remarks {
		header = append(header, "remark")
	}
	t := output.NewTable(ios.IsStdoutTTY(), header...).
		Flexible("factory").Shorter("modified", func(s string) string { return s }, output.DateOfTime)
	if remarks {
		// Where the row does not fit, the remarks go first (JSON keeps
		// them), then the clock of the time.
		t.Shorter("remark", func(string) string { return "" })
	}
	for _, f := range list {
		engine := "-"
		if f.NeedEngineNum {
			engine = "required"
		}
		usable := "yes"
		if !f.Usable {
			usable = cs.Red("no")
		}
		row := []string{strconv.Itoa(int(f.BrandFactoryID)), f.BrandFactoryName.String(), f.BrandName.String(), f.Price.String(), engine, usable, output.ProviderTime(f.LastModifyTime)}
		if remarks {
			row = append(row, f.Remark.String())
		}
		t.Row(row...)
	}
	return t
}

// sinceLayouts are the forms --since takes with a zone: the table's (a
// time copied from a row) and RFC 3339.
var sinceLayouts = []string{"2006-01-02 15:04:05 -07:00", time.RFC3339}

// sinceInChinaTime is since as Paoding's lastModifyTime compares it,
// "yyyy-MM-dd HH:mm:ss" in China time: a time without an offset is
// already that, one with an offset (as the table shows times, in the
// local zone) is converted, so a row's time copied from a table in
// Los Angeles does not select factories sixteen hours off.
func sinceInChinaTime(since string) (string, bool) {
	if _, err := time.Parse(paoding.TimeLayout, since); err == nil {
		return since, true
	}
	for _, l := range sinceLayouts {
		if t, err := time.Parse(l, since); err == nil {
			return t.In(output.ChinaStandardTime).Format(paoding.TimeLayout), true
		}
	}
	return "", false
}
