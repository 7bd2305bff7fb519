// Package list implements `insure profile list`.
package list

import (
	"fmt"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/spf13/cobra"
)

// Options for `profile list`.
type Options struct {
	IO            *iostreams.IOStreams
	Config        func() (*config.Config, error)
	OutputOptions func() (output.Options, error)
}

// Entry is one listed profile.
type Entry struct {
	Name      string   `json:"name"`
	Current   bool     `json:"current"`
	BuiltIn   bool     `json:"built_in"`
	Providers []string `json:"providers"`
	// Problems are the profile's unknown or invalid settings; a profile
	// with problems is listed but refused by commands until fixed.
	Problems []string `json:"problems,omitempty"`
}

// NewCmdList builds the command.
func NewCmdList(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Config: f.Config, OutputOptions: f.OutputOptions}
	return &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List profiles",
		Args:    cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run lists the profiles.
func Run(opts *Options) error {
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	var entries []Entry
	for _, name := range cfg.ProfileNames() {
		e := Entry{Name: name, Current: name == cfg.File.CurrentProfile, BuiltIn: name == config.SandboxProfile, Providers: []string{}}
		if e.BuiltIn {
			e.Providers = append(e.Providers, cfg.Providers()...)
		} else {
			for _, p := range cfg.Providers() {
				if _, ok := cfg.File.Profiles[name][p]; ok {
					e.Providers = append(e.Providers, p)
				}
			}
		}
		for _, fe := range cfg.Problems(name) {
			e.Problems = append(e.Problems, fe.String())
		}
		if len(e.Problems) > 0 {
			fmt.Fprintf(opts.IO.ErrOut, "%s profile %q has %d bad setting(s); see insure profile show %s\n",
				opts.IO.ErrColorScheme().Yellow("warning:"), name, len(e.Problems), name)
		}
		entries = append(entries, e)
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: entries, Table: func(w io.Writer) error {
		t := output.NewTable(opts.IO.IsStdoutTTY(), "name", "current", "providers")
		for _, e := range entries {
			cur := ""
			if e.Current {
				cur = "*"
			}
			name := e.Name
			if e.BuiltIn {
				name += " (built-in)"
			}
			t.Row(name, cur, strings.Join(e.Providers, ","))
		}
		return t.Render(w)
	}})
}
