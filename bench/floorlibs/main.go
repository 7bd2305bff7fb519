// Command floorlibs is bench/floor plus blank imports of the libraries the
// project requires (tables, colour, prompts, the SQLite store, --jq,
// keyring, GBK, rate limits, progress bars; issue 13 names the list): what
// linking them costs at start-up before insure runs any code of its own.
package main

import (
	"fmt"
	"os"

	_ "charm.land/huh/v2"
	_ "github.com/fatih/color"
	_ "github.com/itchyny/gojq"
	_ "github.com/olekukonko/tablewriter"
	_ "github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
	_ "github.com/zalando/go-keyring"
	_ "golang.org/x/text/encoding/simplifiedchinese"
	_ "golang.org/x/time/rate"
	_ "modernc.org/sqlite"
)

func main() {
	root := &cobra.Command{
		Use: "floorlibs",
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
