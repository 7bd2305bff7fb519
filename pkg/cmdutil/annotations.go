package cmdutil

import "github.com/spf13/cobra"

// Annotations read by the root command's help.
const (
	annotationSendsNothing = "insure/sends-nothing"
	annotationConfirms     = "insure/confirms"
)

// MarkSendsNothing says cmd never sends a request, so --dry-run, --curl,
// --timeout and --cacert are left out of its help (and --yes unless
// MarkConfirms).
func MarkSendsNothing(cmd *cobra.Command) { annotate(cmd, annotationSendsNothing) }

// MarkConfirms says cmd asks for confirmation, so --yes applies to it.
func MarkConfirms(cmd *cobra.Command) { annotate(cmd, annotationConfirms) }

// SendsNothing reports MarkSendsNothing on cmd or a parent.
func SendsNothing(cmd *cobra.Command) bool { return inherited(cmd, annotationSendsNothing) }

// Confirms reports MarkConfirms on cmd.
func Confirms(cmd *cobra.Command) bool { return cmd.Annotations[annotationConfirms] != "" }

func annotate(cmd *cobra.Command, key string) {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[key] = "true"
}

func inherited(cmd *cobra.Command, key string) bool {
	for c := cmd; c != nil; c = c.Parent() {
		if c.Annotations[key] != "" {
			return true
		}
	}
	return false
}
