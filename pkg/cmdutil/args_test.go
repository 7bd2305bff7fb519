package cmdutil

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestRequiredFlagsAndFlagGroupsAreUsageErrors(t *testing.T) {
	newTree := func() *cobra.Command {
		root := &cobra.Command{Use: "insure", SilenceErrors: true, SilenceUsage: true}
		leaf := &cobra.Command{Use: "leaf", Args: NoArgs, RunE: func(*cobra.Command, []string) error { return nil }}
		leaf.Flags().String("vin", "", "")
		leaf.Flags().String("plate", "", "")
		leaf.Flags().String("city", "", "")
		_ = leaf.MarkFlagRequired("city")
		leaf.MarkFlagsMutuallyExclusive("vin", "plate")
		root.AddCommand(leaf)
		TypeUsageErrors(root)
		root.SetOut(&strings.Builder{})
		root.SetErr(&strings.Builder{})
		return root
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"leaf"}, `required flag(s) "city" not set`},
		{[]string{"leaf", "--city", "1", "--vin", "V", "--plate", "P"}, "none of the others can be"},
	} {
		root := newTree()
		root.SetArgs(c.args)
		err := root.Execute()
		if ExitCode(err) != 2 || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "insure leaf: ") {
			t.Errorf("%v: exit %d (%v)", c.args, ExitCode(err), err)
		}
	}
	root := newTree()
	root.SetArgs([]string{"leaf", "--city", "1"})
	if err := root.Execute(); err != nil {
		t.Fatalf("a complete command line failed: %v", err)
	}
}
