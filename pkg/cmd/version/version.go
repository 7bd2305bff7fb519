// Package version implements `insure version`.
package version

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/insurekit/insure/internal/build"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/spf13/cobra"
)

// Info is what `version` reports.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	Date      string `json:"date"`
	GoVersion string `json:"go_version"`
	Platform  string `json:"platform"`
}

// Current returns the build's info. A binary built without the release's
// -ldflags (go build in a clone, go install ...@v1.2.3) takes what the Go
// toolchain embedded instead of "dev", "none" and "unknown": the module's
// version, and the revision and time of the commit it was built from.
func Current() Info { return current() }

// current reads the build information once: the root command asks for it
// at every start.
var current = sync.OnceValue(func() Info {
	i := Info{build.Version, build.Commit, build.Date, runtime.Version(), runtime.GOOS + "/" + runtime.GOARCH}
	if i.Version == "dev" || i.Commit == "none" || i.Date == "unknown" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			i.fillFrom(bi)
		}
	}
	return i
})

// fillFrom sets what the link flags left at their defaults from the build
// information Go embeds.
func (i *Info) fillFrom(bi *debug.BuildInfo) {
	if v := bi.Main.Version; i.Version == "dev" && v != "" && v != "(devel)" {
		i.Version = strings.TrimPrefix(v, "v")
	}
	var rev, at string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if i.Commit == "none" && rev != "" {
		i.Commit = rev
		if dirty {
			i.Commit += "-dirty"
		}
	}
	if i.Date == "unknown" && at != "" {
		i.Date = at
	}
}

// Options for `insure version`.
type Options struct {
	IO   *iostreams.IOStreams
	JSON bool
	// Output is set when -o yaml, xml or raw, --jq or --template asks for
	// what the two plain forms (the line, JSON) are not.
	Output *output.Options
}

// NewCmdVersion builds the command. It deliberately uses none of the
// Factory's lazy dependencies: `insure version` must start instantly.
func NewCmdVersion(ios *iostreams.IOStreams, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: ios}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Show the version, commit, build date and Go version",
		Args:  cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o, _ := cmd.Flags().GetString("output")
			jq, _ := cmd.Flags().GetString("jq")
			tpl, _ := cmd.Flags().GetString("template")
			if o == "json" || (o == "" && !ios.IsStdoutTTY()) {
				opts.JSON = true
			}
			if jq != "" || tpl != "" || (o != "" && o != "json" && o != "table") {
				// The global output flags, as every command takes them:
				// they were ignored (a YAML request printed the line).
				oo := output.Options{Format: o, JQ: jq, Template: tpl, Pretty: ios.IsStdoutTTY()}
				if oo.Format == "" {
					oo.Format = "json"
					if ios.IsStdoutTTY() {
						oo.Format = "table"
					}
				}
				if err := output.ValidateOptions(oo); err != nil {
					return err
				}
				opts.Output = &oo
			}
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
	}
	return cmd
}

func run(opts *Options) error {
	i := Current()
	if opts.Output != nil {
		line := i.Line()
		return output.Print(opts.IO.Out, *opts.Output, output.Result{Data: i, Raw: []byte(line + "\n"), XMLRoot: "version",
			Table: func(w io.Writer) error { _, err := fmt.Fprintln(w, line); return err }})
	}
	if opts.JSON {
		_, err := opts.IO.Out.Write(append(i.appendJSON(nil), '\n'))
		return err
	}
	_, err := fmt.Fprintln(opts.IO.Out, i.Line())
	return err
}

// appendJSON appends what json.Marshal makes of i. The first Marshal of a
// struct type reflects over its fields and builds their encoders, about a
// tenth of a millisecond of `insure version` in a fresh process, for five
// strings; each value is still quoted by encoding/json (JSON's escaping,
// not Go's %q). TestVersionJSONIsEncodingJSONs holds the two to the same
// bytes.
func (i Info) appendJSON(b []byte) []byte {
	fields := [...]struct{ name, value string }{
		{"version", i.Version}, {"commit", i.Commit}, {"date", i.Date},
		{"go_version", i.GoVersion}, {"platform", i.Platform},
	}
	b = append(b, '{')
	for n, f := range fields {
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, f.name...)
		b = append(b, '"', ':')
		quoted, _ := json.Marshal(f.value) // a string cannot fail
		b = append(b, quoted...)
	}
	return append(b, '}')
}

// Line is what `insure version` and `insure --version` print.
func (i Info) Line() string {
	return fmt.Sprintf("insure %s (commit %s, built %s, %s, %s)", i.Version, i.Commit, i.Date, i.GoVersion, i.Platform)
}
