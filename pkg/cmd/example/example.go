// Package example implements `insure example PROVIDER OPERATION`.
package example

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/insurekit/insure/examples"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// Options for `example`.
type Options struct {
	IO            *iostreams.IOStreams
	Registry      *registry.Registry
	OutputOptions func() (output.Options, error)
	Provider      string
	Operation     string
}

// Entry is one example file.
type Entry struct {
	Provider  string `json:"provider"`
	Operation string `json:"operation"`
	File      string `json:"file"`
}

// NewCmdExample builds the command.
func NewCmdExample(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions, Registry: f.Registry}
	cmd := &cobra.Command{
		Use:     "example [PROVIDER [OPERATION]]",
		Short:   "Print a valid request file to start from",
		GroupID: "setup",
		Long: `Print one of the request files in examples/ (embedded in the binary), ready
to edit and pass with -f. Without arguments, list them.

OPERATION is an example's name as listed, or the name of the operation it
is for, as insure api and the guided commands name it (ebao quotation,
bihu renewal, paoding report.buy, sunshine quote). Where an operation has
several examples the first is printed and stderr names the others.`,
		Example: `  insure example
  insure example paoding buy > buy.json
  insure example bihu renewal > renewal.json`,
		Args: cmdutil.MaximumNArgs(2),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			var out []string
			seen := map[string]bool{}
			for _, e := range List() {
				switch {
				case len(args) == 0 && !seen[e.Provider]:
					seen[e.Provider] = true
					out = append(out, e.Provider)
				case len(args) == 1 && e.Provider == args[0]:
					out = append(out, e.Operation)
				}
			}
			if len(args) == 1 {
				for op := range byOperation(f.Registry, args[0]) {
					out = append(out, op)
				}
				sort.Strings(out)
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				opts.Provider = args[0]
			}
			if len(args) > 1 {
				opts.Operation = args[1]
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmdutil.MarkWritesFile(cmd) // its stdout is a request file to save and edit
	return cmd
}

// List returns every embedded example, sorted.
func List() []Entry {
	var out []Entry
	_ = fs.WalkDir(examples.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(p, "/") {
			return nil
		}
		ext := path.Ext(p)
		if ext != ".json" && ext != ".yaml" && ext != ".yml" && ext != ".xml" {
			return nil
		}
		out = append(out, Entry{Provider: path.Dir(p), Operation: strings.TrimSuffix(path.Base(p), ext), File: "examples/" + p})
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Provider != out[j].Provider {
			return out[i].Provider < out[j].Provider
		}
		return out[i].Operation < out[j].Operation
	})
	return out
}

// Run prints the example or the list.
func Run(opts *Options) error {
	all := List()
	if opts.Operation == "" {
		var shown []Entry
		for _, e := range all {
			if opts.Provider == "" || e.Provider == opts.Provider {
				shown = append(shown, e)
			}
		}
		if len(shown) == 0 && opts.Provider != "" {
			return unknown(opts, all)
		}
		oo, err := opts.OutputOptions()
		if err != nil {
			return err
		}
		return output.Print(opts.IO.Out, oo, output.Result{Data: shown, Table: func(w io.Writer) error {
			t := output.NewTable(opts.IO.IsStdoutTTY(), "provider", "operation", "file")
			for _, e := range shown {
				t.Row(e.Provider, e.Operation, e.File)
			}
			return t.Render(w)
		}})
	}
	names := []string{opts.Operation}
	if files, ok := byOperation(opts.Registry, opts.Provider)[opts.Operation]; ok {
		names = files
	}
	for _, e := range all {
		if e.Provider == opts.Provider && e.Operation == names[0] {
			b, err := examples.FS.ReadFile(strings.TrimPrefix(e.File, "examples/"))
			if err != nil {
				return err
			}
			for _, other := range names[1:] {
				fmt.Fprintf(opts.IO.ErrOut, "%s %s: printed %s; another example for it: insure example %s %s\n",
					opts.Provider, opts.Operation, e.File, opts.Provider, other)
			}
			return printFile(opts, e.File, b)
		}
	}
	return unknown(opts, all)
}

// printFile writes an example file byte for byte, to be redirected into a
// file and edited. --jq and --template, which a script uses to pick one
// value out (`insure example ebao quote --jq .productId`), apply to its
// parsed JSON or YAML form; a bad -o, --jq or --template is exit 2, as for
// every other command.
func printFile(opts *Options, file string, b []byte) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if oo.JQ == "" && oo.Template == "" {
		_, err = opts.IO.Out.Write(b)
		return err
	}
	var data any
	switch path.Ext(file) {
	case ".json":
		err = json.Unmarshal(b, &data)
	case ".yaml", ".yml":
		err = yaml.Unmarshal(b, &data)
	default:
		return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("--jq and --template do not apply to %s: it is not JSON or YAML", file),
			Hint: "print it without them and read it with an XML tool"}
	}
	if err != nil {
		return err
	}
	return output.Print(opts.IO.Out, oo, output.Result{Data: data})
}

// byOperation is, per provider, the examples for an operation or command
// whose name is not an example's (the providers' ExampleAliases).
func byOperation(reg *registry.Registry, provider string) map[string][]string {
	if reg == nil {
		return nil
	}
	if d, ok := reg.Lookup(provider); ok {
		return d.ExampleAliases
	}
	return nil
}

func unknown(opts *Options, all []Entry) error {
	var names []string
	for _, e := range all {
		if opts.Provider == "" || e.Provider == opts.Provider {
			names = append(names, e.Provider+" "+e.Operation)
		}
	}
	if len(names) == 0 {
		for _, e := range all {
			names = append(names, e.Provider+" "+e.Operation)
		}
	}
	var ops []string
	for op := range byOperation(opts.Registry, opts.Provider) {
		ops = append(ops, op)
	}
	hint := "available: " + strings.Join(names, ", ")
	if len(ops) > 0 {
		sort.Strings(ops)
		hint += "; or by operation: " + strings.Join(ops, ", ")
	}
	if op, ok := operation(opts.Registry, opts.Provider, opts.Operation); ok {
		// A documented operation without a request file: say how to send
		// it rather than only what else there is.
		return &failure.Error{Kind: failure.Usage, Provider: opts.Provider, Operation: op.Name,
			Message: fmt.Sprintf("no example for %s (%s): it needs no request file", op.Name, op.Summary),
			Hint: fmt.Sprintf("send it with insure api %s %s, giving its parameters, if it takes any, as --set KEY=VALUE (insure api --help names them); %s",
				opts.Provider, op.Name, hint)}
	}
	return &failure.Error{Kind: failure.Usage, Message: "no example " + strings.TrimSpace(opts.Provider+" "+opts.Operation),
		Hint: hint}
}

// operation finds a documented operation of the provider by name.
func operation(reg *registry.Registry, provider, name string) (registry.Operation, bool) {
	if reg == nil {
		return registry.Operation{}, false
	}
	if d, ok := reg.Lookup(provider); ok {
		for _, op := range d.Operations {
			if op.Name == name {
				return op, true
			}
		}
	}
	return registry.Operation{}, false
}
