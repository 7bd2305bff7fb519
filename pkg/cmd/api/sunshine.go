package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"go.yaml.in/yaml/v3"
)

const maxFile = 4 << 20

func runSunshine(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	txn := sunshine.Transaction(opts.Operation)
	if !txn.Valid() {
		var codes []string
		for _, t := range sunshine.Transactions {
			codes = append(codes, string(t))
		}
		slices.Sort(codes)
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider,
			Message: fmt.Sprintf("unknown transaction %q; nothing was sent", opts.Operation),
			Hint:    didYouMean(suggestOperation(sunshine.Provider, opts.Operation, codes), "one of "+strings.Join(codes, " "))}
	}
	if opts.RawXML && (len(opts.Sets) > 0 || opts.Session != "") {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: txn.Operation(),
			Message: "--raw-xml sends the file as written: --set and --session do not apply; nothing was sent",
			Hint:    "edit the XML, or use a YAML description without --raw-xml"}
	}
	if opts.RawXML && opts.File == "" {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: txn.Operation(), Message: "--raw-xml needs -f FILE; nothing was sent"}
	}
	var raw []byte
	var spec sunshine.RequestSpec
	if opts.File != "" {
		if raw, err = readFile(opts, txn); err != nil {
			return err
		}
	}
	if !opts.RawXML {
		if spec, err = buildSpec(opts, txn, raw); err != nil {
			return err
		}
	}
	c, prof, err := opts.SunshineClient()
	if err != nil {
		return err
	}
	var resp *sunshine.Response
	var sendErr error
	if opts.RawXML {
		if err := rawTransactionIs(opts, txn, raw); err != nil {
			return err
		}
		if err := confirmSunshine(opts, txn, ""); err != nil {
			return err
		}
		resp, sendErr = c.SendRaw(ctx, raw)
		var ee *sunshine.EncodingError
		if errors.As(sendErr, &ee) {
			// Name the file and the transaction, as the other -f errors do.
			return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: txn.Operation(),
				Message: fmt.Sprintf("-f %s: %v; nothing was sent", opts.File, ee), Hint: ee.Hint()}
		}
	} else {
		resp, sendErr = send(ctx, opts, c, prof.Name, spec)
	}
	if resp == nil {
		return sendErr
	}
	// A refusal comes with the answer: show it only when the document
	// itself was asked for, so a JSON pipeline gets one document (the error).
	// An issue answered without every policy number went through: its
	// answer is printed, and a warning follows (sunshine.ErrPolicyMissing).
	partial := shared.IsPartialIssue(sendErr)
	if sendErr != nil && oo.Format != "raw" && oo.Format != "xml" && !partial {
		return sendErr
	}
	v := shared.View(resp)
	tty := opts.IO.IsStdoutTTY()
	if txn.Policy().Acts {
		cmdutil.IgnoreSIGPIPE() // a closed stdout is exit 8, as for every act
	}
	if err := shared.Print(opts.IO, oo, resp, output.Result{Data: v, XMLRoot: "response", Table: func(w io.Writer) error {
		return shared.RenderView(w, tty, v)
	}}); err != nil {
		if (sendErr == nil || partial) && txn.Policy().Acts {
			return cmdutil.ActOutputError(fmt.Sprintf("sunshine %s (%s) went through", txn, txn.Name()), err)
		}
		return err
	}
	if partial {
		return shared.WarnPartialIssue(opts.IO, sendErr)
	}
	return sendErr
}

// rawTransactionIs refuses a --raw-xml file whose packages name another
// transaction than the command line: the confirmation an act needs is
// asked by the transaction named, so a 130 sent as "api sunshine 050"
// went out unconfirmed, and the journal named it by what the file held.
// A file the reader cannot parse is left to SendRaw, which says why.
func rawTransactionIs(opts *Options, txn sunshine.Transaction, raw []byte) error {
	doc, err := sunshine.ToGBK(raw)
	if err != nil {
		return nil
	}
	env, err := sunshine.ParseEnvelope(doc)
	if err != nil {
		return nil
	}
	for i, p := range env.Packages {
		if got := strings.TrimSpace(p.Header.RequestType); got != string(txn) {
			held := sunshine.Transaction(got)
			return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: txn.Operation(),
				Message: fmt.Sprintf("-f %s: package %d is transaction %q (%s), not %s (%s) as named; nothing was sent", opts.File, i+1, got, held.Name(), txn, txn.Name()),
				Hint:    fmt.Sprintf("name the transaction the file holds: insure api sunshine %s --raw-xml -f %s", got, cmdutil.ShellQuote(opts.File))}
		}
	}
	return nil
}

// send goes through the session's Flow when insure keeps the session (or
// the request starts one), so the guided commands can continue it. What
// the manual requires of 095, 100, 120, 125, 130 and 135, in the form it
// gives, is checked first (exit 2).
func send(ctx context.Context, opts *Options, c *sunshine.Client, profile string, spec sunshine.RequestSpec) (*sunshine.Response, error) {
	st, err := opts.Store()
	if err != nil {
		return nil, err
	}
	sessions := shared.RecordSessions{Store: st}
	var s *purchase.Session
	switch {
	case spec.Transaction == sunshine.TxnBasicInfo && spec.SessionID == "":
		s = &purchase.Session{Profile: profile}
		for _, g := range spec.InputsList {
			for _, in := range g.Inputs {
				switch in.Name {
				case "licenseNo":
					s.Plate = in.Value
				case "cityCode":
					s.City = in.Value
				case "ownerName":
					s.Owner = in.Value
				case "ownerMobile":
					s.Mobile = in.Value
				case "noLicenseFlag":
					s.NewCar = in.Value == "1"
				}
			}
		}
	case spec.SessionID != "" && spec.Transaction != sunshine.TxnColors && spec.Transaction != sunshine.TxnVehicleLookup:
		s, err = sessions.Load(ctx, profile, spec.SessionID)
		if errors.Is(err, purchase.ErrSessionNotFound) {
			s, err = nil, nil // not one of ours: send it as is
		}
		if err != nil {
			return nil, err
		}
	}
	if err := checkRequired(c, spec, s); err != nil {
		return nil, err
	}
	if err := confirmSunshine(opts, spec.Transaction, spec.SessionID); err != nil {
		return nil, err
	}
	if s == nil {
		return c.Send(ctx, spec)
	}
	if spec.Transaction == sunshine.TxnUnderwrite && spec.Order != nil {
		s.TBOrderID, s.SubOrders = spec.Order.TBOrderID, spec.Order.SubOrders
	}
	fl := &purchase.Flow{Client: c, Sessions: sessions, Session: s, Progress: shared.StderrProgress{IO: opts.IO}}
	return fl.Send(ctx, spec)
}

func readFile(opts *Options, txn sunshine.Transaction) ([]byte, error) {
	b, err := cmdutil.ReadFile(opts.File, opts.IO.In, maxFile)
	if err != nil {
		fe := err.(*failure.Error)
		fe.Provider, fe.Operation = sunshine.Provider, txn.Operation()
		if fe.Hint == "" {
			fe.Hint = "start from examples/sunshine/" + string(txn) + ".yaml"
		}
		return nil, fe
	}
	return b, nil
}

// buildSpec reads the description, checks its transaction and applies
// --session and --set.
func buildSpec(opts *Options, txn sunshine.Transaction, b []byte) (sunshine.RequestSpec, error) {
	var spec sunshine.RequestSpec
	if len(b) > 0 {
		if err := checkDescriptionEncoding(opts.File, txn, b); err != nil {
			return spec, err
		}
		if err := yaml.Unmarshal(b, &spec); err != nil {
			return spec, &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: txn.Operation(),
				Message: fmt.Sprintf("-f %s is not a request description: %v; nothing was sent", opts.File, err),
				Hint:    "see examples/sunshine/" + string(txn) + ".yaml; for an XML envelope add --raw-xml"}
		}
	}
	if spec.Transaction == "" {
		spec.Transaction = txn
	}
	if spec.Transaction != txn {
		return spec, &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: txn.Operation(),
			Message: fmt.Sprintf("-f %s describes transaction %s, not %s; nothing was sent", opts.File, spec.Transaction, txn)}
	}
	if opts.Session != "" {
		spec.SessionID = opts.Session
	}
	if txn == sunshine.TxnBasicInfo && opts.Session == "" {
		// 100 starts a session: a SessionId copied from an example would be
		// refused as already used.
		spec.SessionID = ""
	}
	if len(opts.Sets) == 0 {
		return spec, nil
	}
	// --set is read as the guided commands read it (KEY, GROUP.KEY,
	// GROUP[N].KEY), so a name insure prints can be pasted back here.
	var answers purchase.Answers
	if err := purchase.ParseSets(&answers, opts.Sets); err != nil {
		var fe *failure.Error
		if errors.As(err, &fe) {
			fe.Operation = txn.Operation()
		}
		return spec, err
	}
	var bad []failure.FieldError
	for _, x := range answers.List() {
		var fe *failure.FieldError
		if spec.InputsList, fe = setInput(spec.InputsList, x); fe != nil {
			bad = append(bad, *fe)
		}
	}
	if len(bad) > 0 {
		return spec, failure.Invalid(sunshine.Provider, txn.Operation(), bad...)
	}
	return spec, nil
}

// confirmSunshine asks for --yes (or a terminal's yes) before a
// transaction the registry marks as an act (120 underwriting, 130 issue),
// as the other providers' acts and insure issue do; it is asked after the
// description is checked, so a bad one is reported first, and not under
// --dry-run or --curl, which send nothing.
func confirmSunshine(opts *Options, txn sunshine.Transaction, session string) error {
	if opts.DryRun {
		return nil
	}
	d, ok := opts.Registry.Lookup(sunshine.Provider)
	if !ok {
		return nil
	}
	if op, ok := d.Operation(string(txn)); !ok || !op.Acts {
		return nil
	}
	q := fmt.Sprintf("Send Sunshine %s (%s)", txn, txn.Name())
	if session != "" {
		q += " for session " + session
	}
	return confirm(opts, sunshine.Provider, txn.Operation(), q+"?")
}
