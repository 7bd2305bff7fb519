// Package status implements `insure sandbox status`.
package status

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/sandbox/reset"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/sandbox"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/spf13/cobra"
)

// Options for `sandbox status`.
type Options struct {
	Ctx           context.Context
	IO            *iostreams.IOStreams
	OutputOptions func() (output.Options, error)
	StateDir      string
	ServerURLs    []string
}

// Status is what `sandbox status` prints.
type Status struct {
	StateDir string `json:"stateDir"`
	Files    int    `json:"files"`
	Bytes    int64  `json:"bytes"`
	// Rows counts the stored rows by provider: quotations, policies,
	// orders, sessions, tokens, stored answers, counters and the indexes
	// over them.
	Rows    map[string]int64 `json:"rows"`
	Servers []Server         `json:"servers"`
}

// Server is one address a server could answer at.
type Server struct {
	URL     string `json:"url"`
	Answers bool   `json:"answers"`
	// InProcessPID is the command whose in-process sandbox this is (one
	// running over the state), 0 for `insure sandbox serve`.
	InProcessPID int `json:"inProcessPid,omitempty"`
}

// NewCmdStatus builds `insure sandbox status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show where the sandbox keeps its state and whether a server answers",
		Long: `Show the sandbox's state directory, its size and how many rows each
provider's fake keeps there, and whether "insure sandbox serve" answers at
INSURE_SANDBOX_URL (and at its default address).`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if opts.StateDir == "" {
				opts.StateDir = filepath.Join(config.StateDir(), "sandbox")
			}
			var err error
			if opts.ServerURLs, err = reset.ServerURLs(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.StateDir, "state-dir", "", "Where sandbox state lives (default: the state directory's sandbox/)")
	cmdutil.MarkSendsNothing(cmd)
	return cmd
}

// Run gathers and prints the status.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	ctx := opts.Ctx
	st := Status{StateDir: opts.StateDir, Rows: map[string]int64{}, Servers: []Server{}}
	_ = filepath.WalkDir(opts.StateDir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || reset.IsServing(d.Name()) {
			return nil // a running server's record is not state
		}
		if info, err := d.Info(); err == nil {
			st.Files++
			st.Bytes += info.Size()
		}
		return nil
	})
	kinds, err := state.CountRows(ctx, filepath.Join(opts.StateDir, sandbox.StateFile))
	if err != nil {
		fmt.Fprintf(opts.IO.ErrOut, "warning: could not count the sandbox's rows: %v\n", err)
	}
	for kind, n := range kinds {
		// Kinds are named provider.what (ebao.quotation, paoding.order).
		provider, _, _ := strings.Cut(kind, ".")
		st.Rows[provider] += n
	}
	for _, u := range opts.ServerURLs {
		st.Servers = append(st.Servers, Server{URL: u, Answers: sandbox.Answers(ctx, u)})
	}
	// Servers of this state on other addresses: a record left by one
	// killed outright does not answer and is not listed.
	for _, u := range reset.WithRegistered(nil, opts.StateDir) {
		if !reset.SameURL(opts.ServerURLs, u) && sandbox.Answers(ctx, u) {
			st.Servers = append(st.Servers, Server{URL: u, Answers: true, InProcessPID: reset.InProcessPID(opts.StateDir, u)})
		}
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: st, Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("state", st.StateDir)
		if st.Files == 0 {
			kv.Add("size", "empty")
		} else {
			kv.Add("size", fmt.Sprintf("%d bytes in %d files", st.Bytes, st.Files))
		}
		if len(st.Rows) == 0 {
			kv.Add("rows", "none")
		}
		providers := make([]string, 0, len(st.Rows))
		for p := range st.Rows {
			providers = append(providers, p)
		}
		sort.Strings(providers)
		for _, p := range providers {
			kv.Add("rows "+p, strconv.FormatInt(st.Rows[p], 10))
		}
		for _, s := range st.Servers {
			v := "not running"
			if s.Answers {
				v = "answers"
			}
			if s.InProcessPID != 0 {
				v += fmt.Sprintf(" (the in-process sandbox of insure pid %d)", s.InProcessPID)
			}
			kv.Add("server "+s.URL, v)
		}
		return kv.Render(w)
	}})
}
