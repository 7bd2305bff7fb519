// Package bihu implements `insure sign bihu login|renew|signout`: Bihu's SecCodes
// computed offline, with the string each one hashes, so an engineer can
// compare them with what their own code builds. Nothing is sent.
package bihu

import (
	"context"
	"crypto/subtle"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/sign/shared"
	"github.com/insurekit/insure/pkg/cmd/token/show"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/tokencache"
	provider "github.com/insurekit/insure/providers/bihu"
	"github.com/spf13/cobra"
)

// Options for `sign bihu login`, `renew` and `signout`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Settings      func() (*config.Profile, error)
	OutputOptions func() (output.Options, error)
	Now           func() time.Time
	ShowSecrets   bool
	// TokenCache opens the selected profile's token cache, as token show
	// does: the session token renew and signout sign by default.
	TokenCache func(provider string) (tokencache.Cache, string, error)

	Operation   string // "login", "renew" or "signout"
	SecretStdin bool
	Verify      string
	HexCase     string

	// login
	AgentID        string
	Username       string
	Timestamp      string
	SessionTimeout string

	// renew: KEY=VALUE arguments
	Params []string

	// signout: the session token being ended ("" for the cached one)
	Token string
}

// Result is what the command prints.
type Result struct {
	Operation string `json:"operation"`
	// Params are the values signed besides the secret key, as they would
	// be sent (a real session token masked).
	Params map[string]string `json:"params"`
	// Canonical is the string hashed, secret key masked.
	Canonical string `json:"canonical"`
	HexCase   string `json:"hexCase"`
	SecCode   string `json:"secCode"`
	Verified  *bool  `json:"verified,omitempty"`
}

// NewCmdBihu builds `insure sign bihu`.
func NewCmdBihu(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bihu <login|renew|signout>",
		Short: "Compute Bihu's SecCodes: the MD5 of key=value pairs with the secret key",
		Long: `Compute the SecCode a Bihu login, renewal or sign-out carries and show the
string it is the MD5 of, secret key masked. The login and sign-out strings
have a fixed order; the renewal string is every parameter sent plus
secretKey, sorted by name without regard to case.

The secret key comes from stdin (--secret-stdin), INSURE_BIHU_SECRET_KEY
or the profile, never from a flag; one set there that cannot be used (too
short to be masked, white space around it) is refused with the reason.
The hex case is the profile's bihu.hex-case (upper unless set) or
--hex-case. --verify SECCODE checks a code you computed, 32 hex digits in
either case: exit 0 when it matches, 6 when it does not.`,
	}
	cmd.AddCommand(NewCmdLogin(f, nil), NewCmdRenew(f, nil), NewCmdSignOut(f, nil))
	return cmd
}

func newOptions(f *cmdutil.Factory, op string) *Options {
	return &Options{IO: f.IOStreams, Settings: cmdutil.SettingsOrEnvironment(f), OutputOptions: f.OutputOptions, Now: f.Now,
		TokenCache: show.CacheFor(f), Operation: op}
}

func addCommonFlags(cmd *cobra.Command, opts *Options) {
	fl := cmd.Flags()
	fl.BoolVar(&opts.SecretStdin, "secret-stdin", false, "Read the secret key from stdin")
	fl.StringVar(&opts.Verify, "verify", "", "Check this SecCode, 32 hex digits in either case (exit 6 on mismatch)")
	fl.StringVar(&opts.HexCase, "hex-case", "", "upper or lower (default: the profile's bihu.hex-case, else upper)")
	_ = cmd.RegisterFlagCompletionFunc("hex-case", cobra.FixedCompletions([]string{"upper", "lower"}, cobra.ShellCompDirectiveNoFileComp))
}

// settings reads one bihu setting: from the profile (which applies the
// environment) when one is selected, else from the environment alone
// (SettingsOrEnvironment), so the command works with no profile at all.
func settings(opts *Options) func(key string) string {
	p, err := opts.Settings()
	return func(key string) string {
		if err != nil || p == nil {
			return ""
		}
		return p.Value(provider.Provider, key)
	}
}

// secret reads the secret key: stdin first, then the environment or
// profile. A stdin that carried no secret, a secret the profile refuses
// (with its reason) and a missing one are added to bad, to be reported
// with the other bad fields.
func secret(opts *Options, bad *[]failure.FieldError) (string, error) {
	if opts.SecretStdin {
		return shared.SecretStdin(opts.IO.In, provider.Provider, "sign "+opts.Operation, "--secret-stdin", secretExample(opts), bad)
	}
	p, _ := opts.Settings()
	key, refused := shared.ProfileSecret(p, provider.Provider, "secret-key", secretExample(opts), bad)
	if key == "" && !refused {
		*bad = append(*bad, missingSecret(opts))
	}
	return key, nil
}

// secretExample pipes the secret key to the command being run.
func secretExample(opts *Options) string {
	return `printf %s "$SECRET" | insure sign bihu ` + opts.Operation + ` ... --secret-stdin`
}

// missingSecret reports that no secret key was found.
func missingSecret(opts *Options) failure.FieldError {
	return failure.FieldError{Field: "secret key",
		Rule:    "is required: pipe it to --secret-stdin, or set INSURE_BIHU_SECRET_KEY or the profile's bihu.secret-key",
		Example: secretExample(opts)}
}

// hexCase resolves --hex-case, then the profile's.
func hexCase(opts *Options, setting func(string) string) (bool, *failure.FieldError) {
	v, field := opts.HexCase, "--hex-case"
	if v == "" {
		v, field = setting("hex-case"), "bihu.hex-case"
	}
	lower, err := provider.ParseHexCase(v)
	if err != nil {
		return false, &failure.FieldError{Field: field, Rule: err.Error(), Example: "upper"}
	}
	return lower, nil
}

// checkVerify adds a --verify value that cannot be a SecCode to bad, so
// it is reported with the other bad input before anything is computed;
// example is the command's own worked SecCode.
func checkVerify(opts *Options, bad []failure.FieldError, example string) []failure.FieldError {
	if opts.Verify == "" {
		return bad
	}
	if _, fe := shared.MD5Hex("--verify", opts.Verify, example); fe != nil {
		return append(bad, *fe)
	}
	return bad
}

// finish checks --verify and prints the result; a mismatch is exit 6 after
// the result is shown, so the user sees the string to compare.
func finish(opts *Options, res Result, hint string) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	var mismatch error
	if opts.Verify != "" {
		got := strings.ToUpper(strings.TrimSpace(opts.Verify))
		ok := subtle.ConstantTimeCompare([]byte(got), []byte(strings.ToUpper(res.SecCode))) == 1
		res.Verified = &ok
		if !ok {
			mismatch = &failure.Error{Kind: failure.Verification, ResultPrinted: true, Provider: provider.Provider, Operation: "sign " + res.Operation,
				Message: "the given SecCode does not match", Hint: hint}
		}
	}
	err = output.Print(opts.IO.Out, oo, output.Result{Data: res, Table: func(w io.Writer) error {
		cs := opts.IO.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("operation", res.Operation)
		kv.Add("hex case", res.HexCase)
		kv.Add("SecCode", res.SecCode)
		if res.Verified != nil {
			if *res.Verified {
				kv.Add("verify", cs.Green("match"))
			} else {
				kv.Add("verify", cs.Red("MISMATCH: got "+opts.Verify))
			}
		}
		if err := kv.Render(w); err != nil {
			return err
		}
		_, err := fmt.Fprintf(w, "string hashed (secret key masked):\n%s\n", shared.Visible(res.Canonical))
		return err
	}})
	if err != nil {
		return err
	}
	return mismatch
}

func hexName(lower bool) string {
	if lower {
		return "lower"
	}
	return "upper"
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// timestampRule is what is wrong with a timestamp to sign, or "": Bihu
// takes unix seconds, digits only, and ten digits reach the year 2286, so
// more are milliseconds, which Bihu refuses (the client and insure api
// refuse them too).
func timestampRule(ts string) string {
	switch {
	case !digits(ts):
		return "is unix seconds, digits only"
	case len(ts) > 10:
		return "is unix seconds, not milliseconds (at most 10 digits, got " + strconv.Itoa(len(ts)) + ")"
	}
	return ""
}
