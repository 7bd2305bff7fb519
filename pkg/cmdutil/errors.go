package cmdutil

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
)

// FlagErrorf is a usage error (exit 2) about flags or arguments.
func FlagErrorf(format string, args ...any) error {
	return &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf(format, args...)}
}

// ExitCode maps an error to the process exit code of `insure help exit-codes`.
func ExitCode(err error) int {
	if err == nil || errors.Is(err, httpx.ErrDryRun) {
		return failure.ExitOK
	}
	var in *Interrupted
	if errors.As(err, &in) {
		return in.ExitCode()
	}
	if errors.As(err, &Declined{}) {
		return failure.ExitOK
	}
	if errors.Is(err, prompter.ErrAborted) {
		return failure.ExitInterrupted
	}
	return failure.KindOf(err).ExitCode()
}

// errorDoc is the JSON shape of an error on stdout when output is JSON, so
// a pipeline sees the provider's code with its number intact.
type errorDoc struct {
	Error struct {
		Kind      string               `json:"kind"`
		ExitCode  int                  `json:"exit_code"`
		Provider  string               `json:"provider,omitempty"`
		Operation string               `json:"operation,omitempty"`
		Code      string               `json:"code,omitempty"`
		Message   string               `json:"message"`
		Hint      string               `json:"hint,omitempty"`
		Unknown   bool                 `json:"outcome_unknown,omitempty"`
		Fields    []failure.FieldError `json:"fields,omitempty"`
		Doubts    []failure.FieldError `json:"doubts,omitempty"`
		// Interrupted names the signal that ended the command (SIGINT,
		// SIGTERM, SIGHUP), as the journal, history and find name it.
		Interrupted string `json:"interrupted,omitempty"`
	} `json:"error"`
}

// ErrorJSON renders err as the JSON error document.
func ErrorJSON(err error) []byte {
	var d errorDoc
	var fe *failure.Error
	if errors.As(err, &fe) {
		d.Error.Kind = fe.Kind.String()
		d.Error.Provider, d.Error.Operation, d.Error.Code = fe.Provider, fe.Operation, fe.Code
		d.Error.Message = fe.Message
		if d.Error.Message == "" && fe.Err != nil {
			d.Error.Message = fe.Err.Error()
		}
		d.Error.Hint, d.Error.Unknown, d.Error.Fields, d.Error.Doubts = fe.Hint, fe.Unknown, fe.Fields, fe.Doubts
		d.Error.Message, d.Error.Hint = maskURLQueries(err, d.Error.Message), maskURLQueries(err, d.Error.Hint)
	} else {
		d.Error.Kind = failure.Unexpected.String()
		d.Error.Message = maskURLQueries(err, err.Error())
	}
	d.Error.ExitCode = ExitCode(err)
	d.Error.Interrupted = failure.SignalOf(err)
	// As -o json writes results: a hint's URL keeps its & (json.Marshal
	// writes \u0026, which a person reading the document has to decode).
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(d)
	return output.EscapeJSONControls(buf.Bytes())
}

// PrintError writes err for a person on stderr: the message, every bad
// field, and the hint. jsonOut also writes the JSON document to stdout.
func PrintError(ios *iostreams.IOStreams, err error, jsonOut bool) {
	if err == nil || errors.Is(err, httpx.ErrDryRun) {
		return
	}
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Reported {
		return
	}
	if errors.As(err, &Declined{}) {
		fmt.Fprintln(ios.ErrOut, err.Error())
		return
	}
	if jsonOut && (fe == nil || !fe.ResultPrinted) {
		_, _ = ios.Out.Write([]byte(maskKnown(string(ErrorJSON(err)))))
	}
	cs := ios.ErrColorScheme()
	writeErr(ios.ErrOut, cs, err)
	var in *Interrupted
	if errors.As(err, &in) {
		fmt.Fprintf(ios.ErrOut, "%s %s\n", cs.Yellow("cancelled:"), in.What())
	}
}

func writeErr(w io.Writer, cs *iostreams.ColorScheme, err error) {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		fmt.Fprintf(w, "%s %s\n", cs.Red("error:"), errorText(err, err.Error()))
		return
	}
	fmt.Fprintf(w, "%s %s\n", cs.Red("error:"), errorText(err, fe.Error()))
	if fe.Unknown {
		fmt.Fprintf(w, "%s the outcome is unknown: the request may have taken effect. Check before repeating it.\n", cs.Yellow("warning:"))
	}
	if fe.Hint != "" {
		fmt.Fprintf(w, "%s %s\n", cs.Bold("hint:"), errorText(err, fe.Hint))
	}
}
