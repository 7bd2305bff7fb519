// Package keygen implements `insure sunshine keygen`: a key pair for a
// partner (or a test platform), written as PEM files.
package keygen

import (
	"crypto/md5"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/spf13/cobra"
)

// Options for `sunshine keygen`.
type Options struct {
	IO            *iostreams.IOStreams
	OutputOptions func() (output.Options, error)
	Generate      func(bits int) (priv, pub []byte, err error)

	Dir    string
	Name   string
	Bits   int
	Force  bool
	Stdout bool
}

// Result is what keygen prints: never the private key, unless --stdout.
type Result struct {
	PrivateKeyFile string `json:"privateKeyFile,omitempty"`
	PublicKeyFile  string `json:"publicKeyFile,omitempty"`
	Bits           int    `json:"bits"`
	// Fingerprint is the MD5 of the public key's DER, to compare by phone.
	Fingerprint string `json:"fingerprint"`
	PublicKey   string `json:"publicKey"`
}

// NewCmdKeygen builds the command.
func NewCmdKeygen(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, OutputOptions: f.OutputOptions, Generate: sunshine.GenerateKeyPair}
	cmd := &cobra.Command{
		Use:   "keygen [--dir DIR] [--name NAME] [--bits 1024] [--force] [--stdout]",
		Short: "Make an RSA key pair for signing Sunshine requests",
		Long: `Make an RSA key pair (PKCS#8 private key, X.509 public key, PEM) as the
platform expects: 1024 bits unless --bits says otherwise. The private key
is written to DIR/NAME.pem with mode 0600 and is never printed; the public
key goes to DIR/NAME.pub.pem and is printed, to send to Sunshine (NAME
without .pem: --name acme.pem makes acme.pem and acme.pub.pem). Existing
files are not overwritten without --force.

--stdout writes both PEM blocks to stdout instead of files (for a secret
store); only then does the private key leave the file system.

Point the profile at the private key (its path is read from stdin, as
every secret setting is, never from a flag):

    printf %s DIR/NAME.pem |
      insure profile add NAME --secret-stdin sunshine.private-key`,
		Example: `  insure sunshine keygen --dir ~/.config/insure/keys --name acme
  insure sunshine keygen --stdout | vault kv put secret/sunshine key=-`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Dir, "dir", ".", "Directory for the key files")
	cmd.Flags().StringVar(&opts.Name, "name", "sunshine-partner", "Base name of the key files")
	cmd.Flags().IntVar(&opts.Bits, "bits", 1024, "Key size (the platform issues 1024-bit keys)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "Overwrite existing key files")
	cmd.Flags().BoolVar(&opts.Stdout, "stdout", false, "Print both keys as PEM to stdout instead of writing files")
	return cmd
}

// Run makes the pair.
func Run(opts *Options) error {
	if opts.Bits < 1024 || opts.Bits > 8192 {
		return cmdutil.FlagErrorf("--bits must be between 1024 and 8192 (got %d)", opts.Bits)
	}
	if opts.Name == "" || opts.Name != filepath.Base(opts.Name) || opts.Name == "." || opts.Name == ".." {
		// A name holding a path would write the keys outside --dir.
		return failure.Invalid(sunshine.Provider, "keygen", failure.FieldError{Field: "--name",
			Rule: fmt.Sprintf("is the base name of the key files, without a directory (got %q); the directory is --dir", opts.Name), Example: "acme"})
	}
	if fi, err := os.Stat(opts.Dir); err == nil && !fi.IsDir() && !opts.Stdout {
		return failure.Invalid(sunshine.Provider, "keygen", failure.FieldError{Field: "--dir",
			Rule: fmt.Sprintf("is the directory for the key files, and %s is a file", opts.Dir), Example: "--dir ~/.config/insure/keys"})
	}
	// --name acme.pem means acme, not acme.pem.pem and acme.pem.pub.pem.
	base := strings.TrimSuffix(strings.TrimSuffix(opts.Name, ".pem"), ".pub")
	if base == "" {
		base = opts.Name
	}
	privFile := filepath.Join(opts.Dir, base+".pem")
	pubFile := filepath.Join(opts.Dir, base+".pub.pem")
	if !opts.Stdout && !opts.Force {
		for _, p := range []string{privFile, pubFile} {
			if _, err := os.Stat(p); err == nil {
				return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "keygen",
					Message: p + " exists; nothing was written", Hint: "choose another --name or --dir, or pass --force to replace it"}
			}
		}
	}
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	priv, pub, err := opts.Generate(opts.Bits)
	if err != nil {
		return err
	}
	if opts.Stdout {
		_, err := opts.IO.Out.Write(append(priv, pub...))
		return err
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return err
	}
	if opts.Force {
		if err := config.WriteFileAtomic(privFile, priv, 0o600); err != nil {
			return err
		}
		if err := config.WriteFileAtomic(pubFile, pub, 0o644); err != nil {
			return err
		}
	} else {
		// The files were checked above, but another keygen may have made
		// them since: never replace a key without --force.
		if err := createNew(privFile, priv, 0o600); err != nil {
			return err
		}
		if err := createNew(pubFile, pub, 0o644); err != nil {
			os.Remove(privFile) // half a pair is no use
			return err
		}
	}
	fp, err := fingerprint(pub)
	if err != nil {
		return err
	}
	r := Result{PrivateKeyFile: privFile, PublicKeyFile: pubFile, Bits: opts.Bits, Fingerprint: fp, PublicKey: string(pub)}
	return output.Print(opts.IO.Out, oo, output.Result{Data: r, XMLRoot: "keys", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("private key", privFile+" (mode 0600; keep it secret)")
		kv.Add("public key", pubFile+" (send this one to Sunshine)")
		kv.Add("bits", fmt.Sprint(opts.Bits))
		kv.Add("fingerprint", fp+" (md5 of the public key)")
		if err := kv.Render(w); err != nil {
			return err
		}
		_, err := io.WriteString(w, "\n"+string(pub))
		return err
	}})
}

func fingerprint(pubPEM []byte) (string, error) {
	b, _ := pem.Decode(pubPEM)
	if b == nil {
		return "", errors.New("generated public key is not PEM")
	}
	if _, err := x509.ParsePKIXPublicKey(b.Bytes); err != nil {
		return "", err
	}
	sum := md5.Sum(b.Bytes)
	return hex.EncodeToString(sum[:]), nil
}

// createNew writes data to path, which must not exist, as a whole: the
// bytes go to a temporary file first, which is then linked to path (a link
// never replaces a file). Where the file system has no hard links it is
// created with O_EXCL and written in place.
func createNew(path string, data []byte, mode os.FileMode) error {
	exists := func() error {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "keygen",
			Message: path + " was created by something else meanwhile; it was left as it is",
			Hint:    "choose another --name or --dir, or pass --force to replace it"}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	err = os.Link(tmp.Name(), path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return exists()
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if errors.Is(err, fs.ErrExist) {
		return exists()
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
