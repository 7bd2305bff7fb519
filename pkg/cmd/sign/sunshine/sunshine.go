// Package sunshine implements `insure sign sunshine`: sign a request
// envelope, or verify a signed document, offline.
package sunshine

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/registry"
	provider "github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// Options for `sign sunshine`.
type Options struct {
	IO            *iostreams.IOStreams
	Settings      func() (*config.Profile, error)
	Registry      *registry.Registry
	OutputOptions func() (output.Options, error)

	File   string
	Verify bool
}

// Result is what the command prints. The canonical bytes themselves are
// not printed (they are what is signed); their length and MD5 are enough
// to compare with another implementation.
type Result struct {
	File            string `json:"file"`
	Element         string `json:"element"`
	CanonicalLength int    `json:"canonicalLength"`
	CanonicalMD5    string `json:"canonicalMd5"`
	Sign            string `json:"sign"`
	Verified        *bool  `json:"verified,omitempty"`
	KeyUsed         string `json:"key"`
}

// NewCmdSunshine builds the command.
func NewCmdSunshine(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Settings: cmdutil.SettingsOrEnvironment(f), Registry: f.Registry, OutputOptions: f.OutputOptions}
	cmd := &cobra.Command{
		Use:   "sunshine -f FILE [--verify]",
		Short: "Sign a Sunshine request envelope, or verify a signed document (MD5withRSA)",
		Long: `Sign the <Request> of a Sunshine envelope with the profile's private key,
as the client does: the body element's GBK bytes with whitespace between
tags removed, MD5withRSA, URL-safe base64 without padding. Prints the
canonical bytes' length and MD5 and the signature; -o raw prints the signed
document in GBK (what would be sent), -o xml the same in UTF-8.

--verify checks the <Sign> of every package: a response with the profile's
platform-public-key, a request with the public half of the private key.
Exit 0 when every signature verifies, 6 when one does not. A UTF-8 file is
converted to GBK first, as insure api --raw-xml would (a byte-order mark
is dropped). The keys come from the profile, or with no profile from
INSURE_SUNSHINE_PRIVATE_KEY and INSURE_SUNSHINE_PLATFORM_PUBLIC_KEY.
Nothing is sent.`,
		Example: `  insure -p sandbox sign sunshine -f request.xml
  insure -p sandbox sign sunshine -f request.xml -o raw > signed.xml
  insure -p sandbox api sunshine 050 -o raw > answer.xml \
    && insure -p sandbox sign sunshine --verify -f answer.xml`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.File == "" {
				return cmdutil.FlagErrorf("-f FILE is required (- for stdin)")
			}
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "The XML envelope, - for stdin")
	cmd.Flags().BoolVar(&opts.Verify, "verify", false, "Verify the document's signatures instead of signing (exit 6 on mismatch)")
	return cmd
}

// Run signs or verifies.
func Run(opts *Options) error {
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	b, err := cmdutil.ReadFile(opts.File, opts.IO.In, 16<<20)
	if err != nil {
		fe := err.(*failure.Error)
		fe.Provider, fe.Operation = provider.Provider, "sign"
		return fe
	}
	doc, ambiguous, err := documentBytes(b)
	if err != nil {
		return notGBK(opts.File, bytes.TrimPrefix(b, utf8BOM), err)
	}
	if ambiguous {
		fmt.Fprintf(opts.IO.ErrOut, "%s -f %s is read as GBK, as it declares: its bytes would also read as UTF-8, but as other characters\n",
			opts.IO.ErrColorScheme().WarningIcon(), opts.File)
	}
	element := bodyElement(doc, opts.Verify)
	canon, err := provider.CanonicalElement(doc, element)
	if err != nil {
		return &failure.Error{Kind: failure.Usage, Provider: provider.Provider, Operation: "sign",
			Message: fmt.Sprintf("-f %s: %v", opts.File, err), Hint: "the file must be a PackageList envelope with a <Request> (or, with --verify, a <Response>)"}
	}
	sum := md5.Sum(canon)
	p, err := opts.Settings()
	if err != nil {
		return err
	}
	d, _ := opts.Registry.Lookup(provider.Provider)
	private, public, err := provider.SigningKeys(d, p.For(provider.Provider), !opts.Verify || element == "Request", opts.Verify && element == "Response")
	if err != nil {
		return err
	}
	res := Result{File: opts.File, Element: element, CanonicalLength: len(canon), CanonicalMD5: hex.EncodeToString(sum[:])}
	var signed []byte
	var mismatch error
	if opts.Verify {
		env, perr := provider.ParseEnvelope(doc)
		if perr == nil {
			res.Sign = env.Packages[0].Sign
		}
		var verr error
		if element == "Response" {
			res.KeyUsed = "platform-public-key"
			verr = provider.VerifyDocument(doc, element, public)
		} else {
			res.KeyUsed = "public half of private-key"
			verr = provider.VerifyDocument(doc, element, &private.PublicKey)
		}
		ok := verr == nil
		res.Verified = &ok
		if !ok {
			hint := "the document was changed after signing, or was signed with another key; compare the canonical MD5 with the signer's"
			if perr == nil && unsigned(env) {
				hint = "the file was never signed: sign a request with insure sign sunshine -f FILE -o raw > signed.xml; an answer must be checked as received (insure api ... -o raw)"
			}
			mismatch = &failure.Error{Kind: failure.Verification, ResultPrinted: true, Provider: provider.Provider, Operation: "sign",
				Message: "the signature does not verify: " + verr.Error(), Hint: hint}
		}
	} else {
		res.KeyUsed = "private-key"
		if res.Sign, err = provider.SignRequest(canon, private); err != nil {
			return err
		}
		if signed, err = provider.SignDocument(doc, "Request", private); err != nil {
			return err
		}
	}
	out := output.Result{Data: res, Raw: signed, XMLRoot: "sign", Table: func(w io.Writer) error {
		cs := opts.IO.ColorScheme()
		kv := output.NewKeyValues()
		kv.Add("file", res.File)
		kv.Add("signed element", "<"+res.Element+"> of the first package, whitespace between tags removed, GBK")
		kv.Add("canonical bytes", fmt.Sprintf("%d", res.CanonicalLength))
		kv.Add("md5", res.CanonicalMD5)
		kv.Add("sign", res.Sign)
		kv.Add("key", res.KeyUsed)
		if res.Verified != nil {
			if *res.Verified {
				kv.Add("verify", cs.Green("valid"))
			} else {
				kv.Add("verify", cs.Red("INVALID"))
			}
		}
		return kv.Render(w)
	}}
	if signed == nil && (oo.Format == "raw" || oo.Format == "xml") {
		out.Raw = doc
	}
	if oo.Format == "xml" && oo.JQ == "" && oo.Template == "" {
		utf8Doc, derr := provider.DecodeGBK(out.Raw)
		if derr == nil {
			_, err = opts.IO.Out.Write(shared.RelabelUTF8(utf8Doc))
		}
	} else {
		err = output.Print(opts.IO.Out, oo, out)
	}
	if err != nil {
		return err
	}
	return mismatch
}

// bodyElement is the element to sign (<Request>) or, with --verify, the
// one the document has: a <Response> from the platform, or a signed
// <Request>. The names are those of elements, so a request holding
// <ResponseUrl>, or a comment naming <Response>, is still a request.
func bodyElement(doc []byte, verify bool) string {
	if !verify {
		return "Request"
	}
	if _, err := provider.CanonicalElement(doc, "Response"); err == nil {
		return "Response"
	}
	if _, err := provider.CanonicalElement(doc, "Request"); err == nil {
		return "Request"
	}
	if bytes.Contains(doc, []byte("<Response")) {
		return "Response" // a broken answer: report what is wrong with it
	}
	return "Request"
}

// unsigned reports whether a package of the document carries no <Sign>.
func unsigned(env *provider.Envelope) bool {
	for _, p := range env.Packages {
		if strings.TrimSpace(p.Sign) == "" {
			return true
		}
	}
	return false
}

// notGBK explains a UTF-8 file that GBK cannot write: the first character
// it cannot hold and its line, which the encoder's own error does not say.
func notGBK(file string, b []byte, err error) error {
	fe := &failure.Error{Kind: failure.Usage, Provider: provider.Provider, Operation: "sign", Message: fmt.Sprintf("-f %s: %v", file, err)}
	line := 1
	for _, r := range string(b) {
		if r == '\n' {
			line++
		}
		if r < utf8.RuneSelf {
			continue
		}
		if _, err := provider.EncodeGBK([]byte(string(r))); err != nil {
			fe.Message = fmt.Sprintf("-f %s: line %d holds %q (U+%04X), which GBK, the platform's encoding, cannot write", file, line, string(r), r)
			fe.Hint = "replace or remove it: Chinese text in common use fits GBK, emoji and some rare characters do not"
			break
		}
	}
	return fe
}
