// Package paoding implements `insure sign paoding`.
package paoding

import (
	"crypto/subtle"
	"io"
	"strings"

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

	Username      string
	PasswordStdin bool
	Verify        string
}

// Result is what the command prints.
type Result struct {
	Username string `json:"username"`
	// PasswordMD5 is md5(password), masked but for its first and last four
	// characters: it is as good as the password.
	PasswordMD5 string `json:"passwordMd5Masked"`
	Canonical   string `json:"canonical"`
	Sign        string `json:"sign"`
	Verified    *bool  `json:"verified,omitempty"`
}

// NewCmdPaoding builds the command.
func NewCmdPaoding(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Settings: f.Settings, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "paoding [--username U] [--password-stdin] [--verify SIGN]",
		Short: "Compute Paoding's token sign: md5(userName + md5(password))",
		Long: `Compute the sign Paoding's token request carries: the MD5 of the user name
followed by the MD5 (lower-case hex) of the password.

The user name comes from --username or the profile; the password from stdin
(--password-stdin), INSURE_PAODING_PASSWORD or the profile, never from a
flag. The sign is the same on every request of a user, so outside this
command insure masks it like a password.`,
		Example: `  insure -p sandbox sign paoding
  printf %s "$PW" | insure sign paoding --username acme --password-stdin
  insure sign paoding --verify 0123456789abcdef0123456789abcdef`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Username, "username", "", "Paoding user name (default: the profile's)")
	cmd.Flags().BoolVar(&opts.PasswordStdin, "password-stdin", false, "Read the password from stdin")
	cmd.Flags().StringVar(&opts.Verify, "verify", "", "Check this sign instead of only printing one (exit 6 on mismatch)")
	return cmd
}

// Run computes the sign.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	user, pass := opts.Username, ""
	if opts.PasswordStdin {
		if pass, err = cmdutil.ReadSecretStdin(opts.IO.In, "--password-stdin", `printf %s "$PW" | insure sign paoding --username acme --password-stdin`); err != nil {
			return err
		}
	}
	if user == "" || pass == "" {
		if p, err := opts.Settings(); err == nil {
			if user == "" {
				user = p.Value(provider.Provider, "username")
			}
			if pass == "" {
				pass = p.Value(provider.Provider, "password")
			}
		}
	}
	var bad []failure.FieldError
	if user == "" {
		bad = append(bad, failure.FieldError{Field: "--username", Rule: "is required (or a profile with paoding.username)", Example: "--username acme"})
	}
	if pass == "" {
		bad = append(bad, failure.FieldError{Field: "password", Rule: "is required: pipe it to --password-stdin, or set INSURE_PAODING_PASSWORD or the profile's paoding.password", Example: `printf %s "$PW" | insure sign paoding --password-stdin`})
	}
	if len(bad) > 0 {
		return failure.Invalid(provider.Provider, "sign", bad...)
	}
	digest := provider.PasswordDigest(pass)
	masked := config.MaskKeep(digest, 4)
	res := Result{Username: user, PasswordMD5: masked, Canonical: user + masked, Sign: provider.Sign(user, pass)}
	var mismatch error
	if opts.Verify != "" {
		ok := subtle.ConstantTimeCompare([]byte(strings.ToLower(opts.Verify)), []byte(res.Sign)) == 1
		res.Verified = &ok
		if !ok {
			mismatch = &failure.Error{Kind: failure.Verification, Provider: provider.Provider, Operation: "sign",
				Message: "the given sign does not match", Hint: "compare the string hashed above with what your code hashes: user name first, then the lower-case hex MD5 of the password"}
		}
	}
	err = output.Print(opts.IO.Out, oo, output.Result{Data: res, Table: func(w io.Writer) error {
		cs := opts.IO.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("user name", res.Username)
		kv.Add("md5(password)", res.PasswordMD5+"  (masked: it is as good as the password)")
		kv.Add("string hashed", "userName + md5(password) = "+res.Canonical)
		kv.Add("sign", res.Sign)
		if res.Verified != nil {
			if *res.Verified {
				kv.Add("verify", cs.Green("match"))
			} else {
				kv.Add("verify", cs.Red("MISMATCH: got "+opts.Verify))
			}
		}
		return kv.Render(w)
	}})
	if err != nil {
		return err
	}
	return mismatch
}
