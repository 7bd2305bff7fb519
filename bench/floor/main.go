// Command floor is the start-up baseline of bench/startup.sh: the least a
// cobra + viper CLI does (build a command, read a small YAML file, print).
// insure's own start-up is measured against it.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

func main() {
	root := &cobra.Command{
		Use: "floor",
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
