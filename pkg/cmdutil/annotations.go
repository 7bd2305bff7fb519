package cmdutil

import "github.com/spf13/cobra"

// Annotations read by the root command's help.
const (
	annotationSendsNothing = "insure/sends-nothing"
	annotationConfirms     = "insure/confirms"
	annotationWritesFile   = "insure/writes-file"
)

// MarkWritesFile says cmd's stdout is a file to be saved (a completion
// script, an example request), never data or JSON: its errors stay on
// stderr in a pipe too. `insure completion Bash > …/insure` wrote the
// JSON error into the completion file, which the shell then ran.
func MarkWritesFile(cmd *cobra.Command) { annotate(cmd, annotationWritesFile) }

// WritesFile reports MarkWritesFile on cmd or a parent.
func WritesFile(cmd *cobra.Command) bool { return inherited(cmd, annotationWritesFile) }

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
