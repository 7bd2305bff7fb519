// Package ebao implements `insure sign ebao`.
package ebao

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/internal/jsonkeys"
	"github.com/insurekit/insure/pkg/cmd/quote/shared"
	signshared "github.com/insurekit/insure/pkg/cmd/sign/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	provider "github.com/insurekit/insure/providers/ebao"
	"github.com/spf13/cobra"
)

// Options for `sign ebao`.
type Options struct {
	IO            *iostreams.IOStreams
	Settings      func() (*config.Profile, error)
	OutputOptions func() (output.Options, error)

	File            string
	Operation       string
	AccessKey       string
	SecretStdin     bool
	Verify          string
	Response        bool
	HeaderSignature string
}

// Result is what the command prints.
type Result struct {
	Operation string `json:"operation,omitempty"`
	BodyBytes int    `json:"bodyBytes"`
	// Canonical is the string hashed: the body's bytes, then the secret
	// key, shown masked.
	Canonical string `json:"canonical"`
	// Signature is omitted for a response: showing the expected value
	// would let anyone who sees it forge an answer for that body.
	Signature string `json:"signature,omitempty"`
	URL       string `json:"url,omitempty"`
	// HeaderSignature is the response signature that was checked.
	HeaderSignature string `json:"headerSignature,omitempty"`
	Verified        *bool  `json:"verified,omitempty"`
}

var operations = map[string]string{
	"quote": provider.PathQuotation, "issue": provider.PathIssuance, "cancel": provider.PathCancellation,
}

// operationAliases are the operations' names in insure api, the journal
// and the provider document, taken too.
var operationAliases = map[string]string{"quotation": "quote", "issuance": "issue", "cancellation": "cancel"}

// NewCmdEbao builds the command.
func NewCmdEbao(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Settings: cmdutil.SettingsOrEnvironment(f), OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "ebao -f FILE|- [--operation quote|issue|cancel] [--verify SIG] [--response --header-signature SIG]",
		Short: "Compute eBao's signature md5(body + secretKey) over a file's exact bytes",
		Long: `Compute the signature eBao Cloud expects: the MD5 (lower-case hex) of the
request body's bytes followed directly by the secret key. The file is
hashed exactly as read, with no re-serialisation: whitespace, key order and
the final newline all count, which is why this reproduces the signature in
insure's --dry-run --show-secrets output for the same file. A file may be
up to 4 MiB (the document sets no limit; the sandbox takes 1 MiB).

The output gives the body's byte count, the string hashed (secret masked),
the signature and the signed URL (with the profile's endpoint when it has
one). --operation picks the URL's path; by default it is guessed from the
body. --verify SIG checks a signature you computed: exit 0 on a match, 6
otherwise.

--response checks an answer instead: -f is the response body as received
and --header-signature the value of its signature header. The expected
value is never shown, only whether it matches.

The secret key comes from stdin (--secret-stdin), INSURE_EBAO_SECRET_KEY
or the profile, never from a flag. One set there that cannot be used (too
short to be masked, white space around it) is refused with the reason.`,
		Example: `  insure -p sandbox sign ebao -f quote.json
  insure -p sandbox sign ebao -f quote.json \
    --verify e2cc51747a7ce0792c6273f161a87ffb
  printf %s "$SECRET" | insure sign ebao -f body.json --secret-stdin \
    --access-key AK
  insure -p sandbox sign ebao --response -f answer.json \
    --header-signature a08cc53f9eeef33db23c4eb5dfd5de1c`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := signshared.GivenEmpty(cmd, "verify", "header-signature"); err != nil {
				return err
			}
			if opts.File == "" {
				return cmdutil.FlagErrorf("-f FILE (or -f - for stdin) is required")
			}
			if opts.File == "-" && opts.SecretStdin {
				return cmdutil.FlagErrorf("-f - and --secret-stdin cannot both read stdin; put the body in a file")
			}
			if opts.Response && opts.HeaderSignature == "" && opts.Verify == "" {
				return cmdutil.FlagErrorf("--response needs --header-signature SIG: the value of the answer's signature header")
			}
			if opts.Response && opts.Operation != "" {
				return cmdutil.FlagErrorf("--operation applies to requests, not to --response")
			}
			if short, ok := operationAliases[opts.Operation]; ok {
				// The names insure api and the journal use.
				opts.Operation = short
			}
			if _, ok := operations[opts.Operation]; opts.Operation != "" && !ok {
				return cmdutil.FlagErrorf("--operation must be quote, issue or cancel (or quotation, issuance, cancellation) (got %q)", opts.Operation)
			}
			if opts.HeaderSignature != "" && !opts.Response {
				return cmdutil.FlagErrorf("--header-signature checks an answer: give it with --response (a request's signature is checked with --verify)")
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.File, "file", "f", "", "Body file, or - for stdin (hashed exactly as read)")
	fl.StringVar(&opts.Operation, "operation", "", "Operation whose URL to print: quote, issue or cancel (default: guessed from the body)")
	fl.StringVar(&opts.AccessKey, "access-key", "", "Access key for the URL (default: the profile's)")
	fl.BoolVar(&opts.SecretStdin, "secret-stdin", false, "Read the secret key from stdin")
	fl.StringVar(&opts.Verify, "verify", "", "Check this signature, 32 lower-case hex digits (exit 6 on mismatch)")
	fl.BoolVar(&opts.Response, "response", false, "Verify a response body instead of signing a request")
	fl.StringVar(&opts.HeaderSignature, "header-signature", "", "With --response: the answer's signature header value")
	_ = cmd.RegisterFlagCompletionFunc("operation", cobra.FixedCompletions([]string{"quote", "issue", "cancel"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// Run computes or checks the signature.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	// A --verify that cannot be a signature is bad input, reported with
	// the missing credentials; an answer's header (--response) is the
	// server's, so a malformed one is a failed verification instead.
	var bad []failure.FieldError
	if opts.Verify != "" && !opts.Response {
		if _, fe := signshared.MD5Hex("--verify", opts.Verify, "e2cc51747a7ce0792c6273f161a87ffb"); fe != nil {
			bad = append(bad, *fe)
		}
	}
	body, err := shared.ReadBody(opts.IO, opts.File)
	if err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) && fe.Provider == "" {
			fe.Provider, fe.Operation = provider.Provider, "sign"
		}
		return err
	}
	secret, access, endpoint, err := credentials(opts, bad)
	if err != nil {
		return err
	}
	if !opts.Response {
		warnUnsendable(opts, body)
	}
	res := Result{BodyBytes: len(body), Canonical: string(body) + config.Mask(secret)}
	sig := provider.Sign(body, secret)
	check := opts.Verify
	if opts.Response {
		if opts.HeaderSignature != "" {
			check = opts.HeaderSignature
		}
		ok := provider.VerifyResponse(body, secret, check)
		res.HeaderSignature, res.Verified = check, &ok
	} else {
		res.Operation = opts.Operation
		if res.Operation == "" {
			res.Operation = guessOperation(body)
		}
		res.Signature = sig
		res.URL = provider.SignedURL(endpoint, operations[res.Operation], access, body, secret)
		if check != "" {
			// Exactly, as the service compares it: a signature that is
			// right but for its case is refused there, so it is no match.
			ok := subtle.ConstantTimeCompare([]byte(check), []byte(sig)) == 1
			res.Verified = &ok
		}
	}
	var mismatch error
	if res.Verified != nil && !*res.Verified {
		what, hint := "the given signature does not match the body", "hash the body's exact bytes (a re-indented or re-encoded body differs) followed directly by the secret key"
		if !opts.Response && strings.EqualFold(strings.TrimSpace(check), sig) {
			what, hint = "the given signature has the right digits but is not written as 32 lower-case hex digits alone", "send it in lower case with nothing around it: eBao compares the text"
		}
		if opts.Response {
			what, hint = "the response's signature header does not match its body", "check the secret key, and that the body is the answer byte for byte as received (no reformatting, same final newline)"
		}
		mismatch = &failure.Error{Kind: failure.Verification, ResultPrinted: true, Provider: provider.Provider, Operation: "sign", Message: what, Hint: hint}
	}
	if err := output.Print(opts.IO.Out, oo, output.Result{Data: res, Table: func(w io.Writer) error {
		return table(w, opts, res, endpoint == "")
	}}); err != nil {
		return err
	}
	return mismatch
}

func table(w io.Writer, opts *Options, res Result, noEndpoint bool) error {
	cs := opts.IO.ColorScheme()
	kv := output.NewKeyValues()
	kv.Add("body", fmt.Sprintf("%d bytes, hashed exactly as read", res.BodyBytes))
	if opts.Response {
		kv.Add("header signature", res.HeaderSignature)
	} else {
		op := res.Operation
		if opts.Operation == "" {
			op += " (guessed from the body; --operation to change)"
		}
		kv.Add("operation", op)
		kv.Add("signature", res.Signature)
		url := res.URL
		if noEndpoint {
			url += "  (the profile has no endpoint: path and query only)"
		}
		kv.Add("signed URL", "POST "+url)
	}
	if res.Verified != nil {
		if *res.Verified {
			kv.Add("verify", cs.Green("match"))
		} else {
			kv.Add("verify", cs.Red("MISMATCH"))
		}
	}
	if err := kv.Render(w); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "string hashed (the body's bytes, then the secret key, masked):\n%s\n", signshared.Visible(res.Canonical))
	return err
}

// credentials resolves the secret (stdin, environment, profile), the
// access key and the endpoint. A missing profile is not an error: the
// environment (SettingsOrEnvironment) or stdin may supply everything.
func credentials(opts *Options, bad []failure.FieldError) (secret, access, endpoint string, err error) {
	if opts.SecretStdin {
		if secret, err = signshared.SecretStdin(opts.IO.In, provider.Provider, "sign", "--secret-stdin", `printf %s "$SECRET" | insure sign ebao -f body.json --secret-stdin`, &bad); err != nil {
			return "", "", "", err
		}
	}
	access = opts.AccessKey
	refused := false
	if p, perr := opts.Settings(); perr == nil {
		if secret == "" && !opts.SecretStdin {
			secret, refused = signshared.ProfileSecret(p, provider.Provider, "secret-key", `printf %s "$SECRET" | insure sign ebao -f body.json --secret-stdin`, &bad)
		}
		if access == "" {
			access = p.Value(provider.Provider, "access-key")
		}
		endpoint = p.Value(provider.Provider, "endpoint")
	}
	if secret == "" && !opts.SecretStdin && !refused {
		bad = append(bad, failure.FieldError{Field: "secret key", Rule: "is required: pipe it to --secret-stdin, or set INSURE_EBAO_SECRET_KEY or the profile's ebao.secret-key",
			Example: `printf %s "$SECRET" | insure sign ebao -f body.json --secret-stdin`})
	}
	if access == "" && !opts.Response {
		bad = append(bad, failure.FieldError{Field: "--access-key", Rule: "is required for the signed URL (or a profile with ebao.access-key, or INSURE_EBAO_ACCESS_KEY)", Example: "--access-key TqlLeuUB1w"})
	}
	if len(bad) > 0 {
		return "", "", "", failure.Invalid(provider.Provider, "sign", bad...)
	}
	return secret, access, endpoint, nil
}

// guessOperation picks the operation a body is for from its members: only
// a cancellation has applicationType, only an issuance quotationNumber.
func guessOperation(body []byte) string {
	var top map[string]json.RawMessage
	_ = json.Unmarshal(body, &top)
	switch {
	case top["applicationType"] != nil || (top["policyNumber"] != nil && top["productId"] == nil):
		return "cancel"
	case top["quotationNumber"] != nil:
		return "issue"
	}
	return "quote"
}

// warnUnsendable says on stderr when the body is signed as read but is
// one insure api ebao refuses before sending (a byte-order mark, bytes
// that are not UTF-8, not a JSON object, a member given twice), so a signature made here is not taken for one insure
// would send.
func warnUnsendable(opts *Options, body []byte) {
	why := ""
	switch {
	case bytes.HasPrefix(body, []byte("\xef\xbb\xbf")):
		why = "starts with a UTF-8 byte-order mark (BOM), which editors hide"
	case !utf8.Valid(body):
		why = "is not UTF-8 (a file saved as GBK?)"
	default:
		var top map[string]json.RawMessage
		if json.Unmarshal(body, &top) != nil {
			why = "is not a JSON object"
		} else if dups := jsonkeys.Repeated(body); len(dups) > 0 {
			why = "gives " + strings.Join(dups, ", ") + " twice in one object (eBao would read only one)"
		}
	}
	if why != "" {
		fmt.Fprintf(opts.IO.ErrOut, "%s the body %s: it is signed as read, but insure api ebao refuses to send such a body\n",
			opts.IO.ErrColorScheme().WarningIcon(), why)
	}
}
