package export

import "github.com/insurekit/insure/pkg/cmdutil"

// The filters themselves are read as `history list` reads them
// (pkg/cmd/history/shared).

// checkOutputFlags refuses the global output flags: export writes CSV or
// JSON Lines (--format), and ignoring --jq, --template or -o handed a
// pipeline CSV it did not ask for.
func checkOutputFlags(jq, template, format string) error {
	const use = "export writes --format csv or --format jsonl"
	switch {
	case jq != "":
		return cmdutil.FlagErrorf("%s; --jq is not available with it: filter the lines with jq (insure history export --format jsonl | jq -c 'select(.provider == \"ebao\")')", use)
	case template != "":
		return cmdutil.FlagErrorf("%s; --template is not available with it: format the lines with jq (insure history export --format jsonl | jq -r '.id')", use)
	case format != "" && format != "json":
		return cmdutil.FlagErrorf("%s; -o %s is not available with it (leave -o out)", use, format)
	}
	return nil
}
