// Package list implements `insure history list`.
package list

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/personal"
	"github.com/insurekit/insure/pkg/store"
	"github.com/spf13/cobra"
)

// Options for `history list`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Store         func() (*store.Store, error)
	OutputOptions func() (output.Options, error)
	Filter        store.JournalFilter
	// ShowPersonal shows personal data in URLs and errors unmasked.
	ShowPersonal bool
}

// NewCmdList builds the command.
func NewCmdList(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List recent requests, newest first",
		Example: `  insure history list --provider paoding
  insure history list --key ORDER_ID`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Filter.Provider, "provider", "", "Only this provider")
	cmd.Flags().StringVar(&opts.Filter.Operation, "operation", "", "Only this operation (e.g. report.buy)")
	cmd.Flags().StringVar(&opts.Filter.Key, "key", "", "Only requests about this order, quotation or policy number")
	cmd.Flags().StringVar(&opts.Filter.Profile, "for-profile", "", "Only requests made with this profile")
	cmd.Flags().IntVarP(&opts.Filter.Limit, "limit", "L", 30, "Maximum number of entries")
	cmd.Flags().BoolVar(&opts.ShowPersonal, "show-personal", false, "Show resident IDs, mobiles, e-mails and names unmasked (not for pasting into tickets)")
	return cmd
}

// Run lists the journal.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	entries, err := st.History(opts.Ctx, opts.Filter)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []store.JournalEntry{}
	}
	if !opts.ShowPersonal {
		for i := range entries {
			entries[i].URL, entries[i].Error = personal.Mask(entries[i].URL), personal.Mask(entries[i].Error)
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: entries, Table: func(w io.Writer) error {
		if len(entries) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "no requests recorded yet")
			return nil
		}
		t := output.NewTable(opts.IO.IsStdoutTTY(), "id", "time", "profile", "provider", "operation", "status", "ms", "keys")
		for _, e := range entries {
			status := fmt.Sprint(e.Status)
			if e.Error != "" {
				status = "error"
			}
			t.Row(fmt.Sprint(e.ID), e.Time.Local().Format("2006-01-02 15:04:05"), e.Profile, e.Provider, e.Operation, status, fmt.Sprint(e.DurationMS), keys(e.Keys))
		}
		return t.Render(w)
	}})
}

func keys(m map[string]string) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}
