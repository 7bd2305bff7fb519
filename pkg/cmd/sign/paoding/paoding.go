// Package paoding implements `insure sign paoding`.
package paoding

import (
	"crypto/subtle"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/cmd/sign/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	provider "github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// Options for `sign paoding`.
type Options struct {
	IO            *iostreams.IOStreams
	Settings      func() (*config.Profile, error)
	OutputOptions func() (output.Options, error)
	ShowSecrets   bool

	Username      string
	PasswordStdin bool
	Verify        string
}

// maxUsername is the user name's limit in the document's token table; the
// platform refuses a longer one (10020, a wrong user name) however it is signed.
const maxUsername = 15

// Result is what the command prints.
type Result struct {
	Username string `json:"username"`
	// PasswordMD5 is md5(password), masked but for its first and last four
	// characters: it is as good as the password.
	PasswordMD5 string `json:"passwordMd5Masked"`
	Canonical   string `json:"canonical"`
	// Sign is masked like the password digest unless --show-secrets: it
	// never changes for the account and is all token.generate asks for.
	Sign     string `json:"sign"`
	Verified *bool  `json:"verified,omitempty"`
}

// NewCmdPaoding builds the command.
func NewCmdPaoding(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Settings: cmdutil.SettingsOrEnvironment(f), OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "paoding [--username U] [--password-stdin] [--verify SIGN|-]",
		Short: "Compute Paoding's token sign: md5(userName + md5(password))",
		Long: `Compute the sign Paoding's token request carries: the MD5 of the user name
followed by the MD5 (lower-case hex) of the password.

The user name (at most 15 characters) comes from --username,
INSURE_PAODING_USERNAME or the profile; the password from stdin
(--password-stdin), INSURE_PAODING_PASSWORD or the profile, never from a
flag. A password set there that cannot be used (too short to be masked,
white space around it) is refused with the reason.

The sign never changes for an account and is all a token request needs, so
it is a secret like the password: it is shown masked but for its first and
last four digits, as md5(password) is. --verify - reads the sign your code
computes from stdin and checks it against the whole of it: exit 0 when it
matches, 6 when it does not. --verify SIGN takes it from the command line,
where ps and the shell's history show it, with a warning. --show-secrets
prints the sign in full.`,
		Example: `  insure -p sandbox sign paoding
  printf %s "$SIGN" | insure -p sandbox sign paoding --verify -
  printf %s "$PW" | insure sign paoding --username acme --password-stdin`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := shared.GivenEmpty(cmd, "verify"); err != nil {
				return err
			}
			opts.ShowSecrets = f.Globals.ShowSecrets
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Username, "username", "", "Paoding user name, at most 15 characters (default: the profile's)")
	cmd.Flags().BoolVar(&opts.PasswordStdin, "password-stdin", false, "Read the password from stdin")
	cmd.Flags().StringVar(&opts.Verify, "verify", "", "Check this sign, 32 hex digits, or - to read it from stdin (exit 6 on mismatch)")
	return cmd
}

// Run computes the sign.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	user, pass := opts.Username, ""
	// An empty stdin is reported with the other bad fields, and the
	// profile's password is then not used in its place.
	var bad []failure.FieldError
	if opts.PasswordStdin {
		if pass, err = shared.SecretStdin(opts.IO.In, provider.Provider, "sign", "--password-stdin", `printf %s "$PW" | insure sign paoding --username acme --password-stdin`, &bad); err != nil {
			return err
		}
	}
	refused := false
	if user == "" || (pass == "" && !opts.PasswordStdin) {
		if p, err := opts.Settings(); err == nil {
			if user == "" {
				user = p.Value(provider.Provider, "username")
			}
			if pass == "" && !opts.PasswordStdin {
				pass, refused = shared.ProfileSecret(p, provider.Provider, "password", `printf %s "$PW" | insure sign paoding --password-stdin`, &bad)
			}
		}
	}
	if user == "" {
		bad = append(bad, failure.FieldError{Field: "--username", Rule: "is required (or INSURE_PAODING_USERNAME, or a profile with paoding.username)", Example: "--username acme"})
	} else if !utf8.ValidString(user) {
		bad = append(bad, failure.FieldError{Field: userField(opts),
			Rule:    "is not UTF-8 (typed in a terminal set to GBK?): the token request sends the user name as UTF-8, so a sign over these bytes would not match",
			Example: "--username acme"})
	} else if n := utf8.RuneCountInString(user); n > maxUsername {
		bad = append(bad, failure.FieldError{Field: userField(opts),
			Rule:    fmt.Sprintf("must be at most %d characters (got %d): the platform refuses a longer user name with 10020", maxUsername, n),
			Example: "--username acme"})
	}
	verify := opts.Verify
	switch {
	case verify == "-" && opts.PasswordStdin:
		bad = append(bad, failure.FieldError{Field: "--verify -", Rule: "reads stdin, which --password-stdin reads too: give the password through INSURE_PAODING_PASSWORD or the profile",
			Example: `printf %s "$SIGN" | INSURE_PAODING_PASSWORD="$PW" insure sign paoding --username acme --verify -`})
		verify = ""
	case verify == "-":
		// The sign is a credential (it alone gets a token): piped, it
		// stays out of ps and the shell's history.
		if verify, err = shared.SecretStdin(opts.IO.In, provider.Provider, "sign", "--verify -", verifyStdinExample, &bad); err != nil {
			return err
		}
	case verify != "":
		fmt.Fprintf(opts.IO.ErrOut, "warning: the sign is a credential, and --verify's value shows in ps and the shell's history; pipe it instead: %s\n", verifyStdinExample)
	}
	if verify != "" {
		v, fe := shared.MD5Hex("--verify", verify, "0123456789abcdef0123456789abcdef")
		if fe != nil {
			bad = append(bad, *fe)
		}
		verify = v
	}
	if pass == "" && !opts.PasswordStdin && !refused {
		bad = append(bad, failure.FieldError{Field: "password", Rule: "is required: pipe it to --password-stdin, or set INSURE_PAODING_PASSWORD or the profile's paoding.password", Example: `printf %s "$PW" | insure sign paoding --password-stdin`})
	}
	if len(bad) > 0 {
		return failure.Invalid(provider.Provider, "sign", bad...)
	}
	digest := provider.PasswordDigest(pass)
	masked := config.MaskKeep(digest, 4)
	sign := provider.Sign(user, pass)
	res := Result{Username: user, PasswordMD5: masked, Canonical: user + masked, Sign: config.MaskKeep(sign, 4)}
	if opts.ShowSecrets {
		res.Sign = sign
	}
	var mismatch error
	if verify != "" {
		ok := subtle.ConstantTimeCompare([]byte(strings.ToLower(verify)), []byte(sign)) == 1
		res.Verified = &ok
		if !ok {
			mismatch = &failure.Error{Kind: failure.Verification, ResultPrinted: true, Provider: provider.Provider, Operation: "sign",
				Message: "the given sign does not match", Hint: "compare the string hashed above with what your code hashes: user name first, then the lower-case hex MD5 of the password"}
		}
	}
	err = output.Print(opts.IO.Out, oo, output.Result{Data: res, Table: func(w io.Writer) error {
		cs := opts.IO.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("user name", res.Username)
		kv.Add("md5(password)", res.PasswordMD5+"  (masked: it is as good as the password)")
		kv.Add("string hashed", "userName + md5(password) = "+res.Canonical)
		if opts.ShowSecrets {
			kv.Add("sign", res.Sign)
		} else {
			kv.Add("sign", res.Sign+"  (masked: --verify - checks yours, --show-secrets prints it)")
		}
		if res.Verified != nil {
			if *res.Verified {
				kv.Add("verify", cs.Green("match"))
			} else {
				kv.Add("verify", cs.Red("MISMATCH: got "+verify))
			}
		}
		return kv.Render(w)
	}})
	if err != nil {
		return err
	}
	return mismatch
}

// verifyStdinExample is how to give --verify its sign on stdin.
const verifyStdinExample = `printf %s "$SIGN" | insure sign paoding --verify -`

// userField names where the user name came from: the flag, or the
// profile (or INSURE_PAODING_USERNAME) when the flag was not given.
func userField(opts *Options) string {
	if opts.Username == "" {
		return "paoding.username"
	}
	return "--username"
}
