package batchcmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"github.com/insurekit/insure/pkg/batch"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
)

// LineIO gives one record's run its own streams: stdin holds the record's
// JSON body (for commands reading -f -), stdout collects the command's JSON
// result, stderr is dropped. Nothing is a terminal, so nothing prompts.
func LineIO(rec *batch.Record) (*iostreams.IOStreams, *bytes.Buffer) {
	ios, _, out, _ := iostreams.Test()
	ios.In = bytes.NewReader(rec.Body)
	ios.ErrOut = io.Discard
	ios.SetNeverPrompt(true)
	return ios, out
}

// Warnings are the lines a line's run wrote on its stderr, each a warning
// a single command prints there (the icon dropped), for the line's output.
func Warnings(stderr *bytes.Buffer) []string {
	var out []string
	for _, l := range strings.Split(stderr.String(), "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "!"))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// JSONOutput is the output options of a line's run: compact JSON.
func JSONOutput() (output.Options, error) { return output.Options{Format: "json"}, nil }

// Result turns a line's run into its result: the JSON it printed, or the
// error. A dry run's result says nothing was sent and holds the request
// as --dry-run (or --curl) shows it.
func Result(out *bytes.Buffer, err error) (json.RawMessage, error) {
	var dry *httpx.DryRunError
	if errors.As(err, &dry) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false) // the URL's & as it is
		err := enc.Encode(struct {
			DryRun  bool   `json:"dry_run"`
			Request string `json:"request"`
		}{true, dry.Shown})
		return bytes.TrimSpace(b.Bytes()), err
	}
	if errors.Is(err, httpx.ErrDryRun) {
		return json.RawMessage(`{"dry_run":true}`), nil
	}
	if err != nil {
		return nil, err
	}
	b := bytes.TrimSpace(out.Bytes())
	if len(b) == 0 {
		return nil, nil
	}
	if !json.Valid(b) {
		q, _ := json.Marshal(string(b))
		return q, nil
	}
	return append(json.RawMessage(nil), b...), nil
}
