package batchcmd

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

func perSecond(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// printSummary writes the batch's last lines on stderr; runErr is the
// error the batch itself ended with (its output could not be written),
// whose exit code is then the process's. unresolvable says --resume does
// not send a line whose outcome is unknown again (an act with no look-up,
// eBao's): for such lines it is no next step.
func printSummary(ios *iostreams.IOStreams, sum *batch.Summary, cmd *cobra.Command, profile string, in *cmdutil.Interrupted, runErr error, unresolvable bool) {
	if sum == nil {
		return
	}
	w := ios.ErrOut
	// The rate is of lines that were run: lines not attempted, lines an
	// earlier run did (--resume) and blank lines took no time.
	run := sum.Total - sum.ByOutcome[batch.OutcomeNotAttempted] - sum.ByOutcome[batch.OutcomeSkipped] - sum.ByOutcome[batch.OutcomeBlank]
	rate := fmt.Sprintf("%.1f/s", perSecond(run, sum.Elapsed))
	if run != sum.Total {
		rate = fmt.Sprintf("%d run, %s", run, rate)
	}
	var parts []string
	keys := make([]string, 0, len(sum.ByOutcome))
	for k := range sum.ByOutcome {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, sum.ByOutcome[k]))
	}
	switch {
	case run != 0 || sum.ByOutcome[batch.OutcomeNotAttempted]+sum.ByOutcome[batch.OutcomeSkipped] != 0:
	case runErr != nil:
		// The input was refused as a whole (a CSV header naming a field
		// twice): it may hold any number of requests, so it is not called
		// empty; the error printed next says why none was sent.
		parts = append([]string{"nothing was sent"}, parts...)
	default:
		parts = append([]string{"the input holds no request"}, parts...)
		if h := sum.CSVHeaderOnly; len(h) > 0 {
			// One id piped in without a header is read as the header.
			parts[0] += fmt.Sprintf(", only a CSV header row naming %q (CSV input starts with a line naming the fields)", strings.Join(h, ","))
		}
	}
	code := exitFor(sum, in)
	if runErr != nil {
		code = cmdutil.ExitCode(runErr)
	}
	lines := "lines"
	if sum.Total == 1 {
		lines = "line"
	}
	fmt.Fprintf(w, "batch: %d %s in %s (%s): %s; exit %d\n", sum.Total, lines, sum.Elapsed.Round(time.Millisecond), rate, strings.Join(parts, ", "), code)
	switch sum.Stopped {
	case "output":
		fmt.Fprintf(w, "batch: the output could not be written (did its reader exit?); sending stopped, lines in flight were finished and recorded, %d line(s) not attempted\n", sum.ByOutcome[batch.OutcomeNotAttempted])
	case "quota":
		if n := sum.ByOutcome[batch.OutcomeNotAttempted]; n > 0 {
			fmt.Fprintf(w, "batch: a provider answered with a quota or rate limit; sending stopped, %d line(s) not attempted (first: line %d)\n", n, sum.FirstNotAttempted)
		} else {
			// Every line had been sent when the quota answer came.
			fmt.Fprintln(w, "batch: a provider answered with a quota or rate limit; every line had already been sent, so none was left unattempted (the lines it refused say so)")
		}
	case batch.StoppedNotUTF8:
		enc := sum.NotUTF8Encoding
		if enc == "" {
			enc = batch.EncodingGBK
		}
		fmt.Fprintf(w, "batch: line %d is not UTF-8 text (a %s export?); no line after it was sent, %d line(s) not attempted: convert the input (iconv -f %s -t UTF-8, or save it as \"CSV UTF-8\") and run it again\n", sum.NotUTF8Line, enc, sum.ByOutcome[batch.OutcomeNotAttempted], enc)
	case "interrupted":
		if sum.Abandoned {
			fmt.Fprintf(w, "batch: interrupted; requests still in flight when the grace period (--timeout) ended were abandoned (each line says how it ended), %d line(s) not attempted\n", sum.ByOutcome[batch.OutcomeNotAttempted])
		} else {
			fmt.Fprintf(w, "batch: interrupted; in-flight lines were finished, %d line(s) not attempted\n", sum.ByOutcome[batch.OutcomeNotAttempted])
		}
	}
	if sum.RecordsLost > 0 {
		// The store's own hint is not repeated: it says to run again with
		// --resume, which would send these lines again.
		why := sum.RecordsLostErr.Error()
		var fe *failure.Error
		if errors.As(sum.RecordsLostErr, &fe) && fe.Message != "" {
			why = fe.Message
		}
		fmt.Fprintf(w, "batch: %d of this run's records could not be written: %s. The output lines are what happened and are the only full record of them: --resume would send those lines again, and history and find do not show them; mend the store before the next run\n", sum.RecordsLost, why)
	}
	if sum.InputIncomplete {
		// After any stop (a signal, a quota answer, stdout closed), a
		// stdin that stays open is read on only while lines keep coming.
		fmt.Fprintln(w, "batch: the input was not read to its end")
	}
	unknown := sum.ByOutcome[batch.OutcomeUnknown]
	if sum.Stopped != "" || (unknown > 0 && !unresolvable) {
		fmt.Fprintf(w, "batch: resume with: insure -p %s %s --resume (lines already done are skipped)\n", profile, resumeArgs(cmd))
	}
	if unknown > 0 && unresolvable {
		// Offering --resume alone here sent the user round in a loop:
		// each run reported the same lines unknown again.
		fmt.Fprintf(w, "batch: %d line(s) with an unknown outcome: --resume does not send them again; each one's hint says how to settle it (jq -c 'select(.outcome == \"unknown\")' picks them), and --resume then reports what it settled\n", unknown)
	}
}

func exitFor(sum *batch.Summary, in *cmdutil.Interrupted) int {
	if in != nil {
		return in.ExitCode()
	}
	return sum.ExitCode
}

// resumeArgs is the command line to repeat, without --resume.
func resumeArgs(cmd *cobra.Command) string {
	args := []string{strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")}
	// The positional arguments (api's PROVIDER OPERATION) choose what the
	// lines are sent to: without them the line does not run.
	for _, a := range cmd.Flags().Args() {
		args = append(args, cmdutil.ShellQuote(a))
	}
	cmd.Flags().Visit(func(fl *pflagFlag) {
		sv, repeated := fl.Value.(pflag.SliceValue)
		switch {
		case fl.Name == "resume" || fl.Name == "profile": // -p is already there
		case fl.Value.Type() == "bool" && fl.Value.String() == "true":
			args = append(args, "--"+fl.Name)
		case repeated:
			// A flag given once per value (--set a=1 --set b=2) is
			// repeated: its String(), "[a=1,b=2]", is no value it takes.
			for _, v := range sv.GetSlice() {
				args = append(args, "--"+fl.Name+"="+cmdutil.ShellQuote(v))
			}
		default:
			args = append(args, "--"+fl.Name+"="+cmdutil.ShellQuote(fl.Value.String()))
		}
	})
	return strings.Join(args, " ")
}
