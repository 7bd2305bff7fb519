// Command floorlinked is bench/floorlibs linked with all of insure: it
// does the floor's work (build a command, read a small YAML file, print)
// in a binary holding everything `insure` holds, so that bench/startup.sh
// can split insure's start-up cost over floorlibs into what linking that
// code costs (floorlinked - floorlibs: a larger binary to map and fault
// in, more itabs and functions for the runtime to set up, the inits of
// packages only insure links) and what insure does when it runs
// (insure - floorlinked: its own init, the command tree, the command).
//
// `floorlinked insure ARGS...` runs insure itself, as cmd/insure does, so
// the linker keeps everything and the two can be checked to match.
package main

import (
	"context"
	"fmt"
	"os"

	_ "charm.land/huh/v2"
	"github.com/insurekit/insure/internal/build"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmd/root"
	"github.com/insurekit/insure/pkg/cmdutil"
	_ "github.com/itchyny/gojq"
	_ "github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	_ "github.com/zalando/go-keyring"
	_ "golang.org/x/text/encoding/simplifiedchinese"
	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "insure" {
		os.Exit(runInsure(os.Args[2:]))
	}
	root := &cobra.Command{
		Use: "floorlinked",
		RunE: func(cmd *cobra.Command, args []string) error {
			v := viper.New()
			v.SetConfigFile(os.Getenv("FLOOR_CONFIG"))
			v.SetConfigType("yaml")
			if err := v.ReadInConfig(); err != nil {
				return err
			}
			fmt.Println(v.GetString("current-profile"))
			return nil
		},
	}
	root.Flags().StringP("output", "o", "", "output")
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}

// runInsure is cmd/insure's run, shortened.
func runInsure(args []string) int {
	ctx, stop := cmdutil.NotifyInterrupt(context.Background())
	defer stop()
	f := factory.NewWith(build.Version, factory.Options{Context: ctx})
	defer f.Cleanup()
	cmd := root.NewCmdRootFor(f, args)
	cmd.SetArgs(args)
	if err := cmdutil.WithInterrupt(ctx, cmd.ExecuteContext(ctx)); err != nil {
		cmdutil.PrintError(f.IOStreams, err, false)
		return cmdutil.ExitCode(err)
	}
	return 0
}
