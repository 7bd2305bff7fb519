package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
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

// setInput applies one --set answer to the request's input groups. A
// group is known by its type and its place among the groups of that type,
// as the platform reads them (purchase.GroupName):
//
//   - GROUP[N].KEY sets KEY in the N-th group of type GROUP, from 0; when
//     the request has fewer, empty groups of the type are added after its
//     last one (or at the end) to keep each group's place;
//   - GROUP.KEY sets KEY in the one group of type GROUP, added if absent;
//   - KEY replaces the input KEY wherever it is, or adds it to the first
//     group.
//
// An answer without an index that could be meant for any of several
// groups of one type is refused, as the guided commands refuse it: two
// people's details are not guessed from one value.
func setInput(list []sunshine.Inputs, x purchase.Answer) ([]sunshine.Inputs, *failure.FieldError) {
	count := map[string]int{}
	for _, g := range list {
		count[g.Type]++
	}
	// Untyped groups cannot be named with an index (GROUP[N] needs its
	// GROUP), so only typed ones count as repeated.
	repeated := func(typ string) bool { return typ != "" && count[typ] > 1 }
	ambiguous := func(typ string) *failure.FieldError {
		return &failure.FieldError{Field: x.Field(),
			Rule:    fmt.Sprintf("the request has %d %s groups; say which one, counting from 0", count[typ], typ),
			Example: "--set " + purchase.GroupName(typ, 0, true) + "." + x.Key + "=" + x.Value}
	}
	if fe := caseTypo(list, x); fe != nil {
		return list, fe
	}
	switch {
	case x.Indexed:
		var at []int
		for gi, g := range list {
			if g.Type == x.Group {
				at = append(at, gi)
			}
		}
		for len(at) <= x.Index {
			pos := len(list)
			if len(at) > 0 {
				pos = at[len(at)-1] + 1
			}
			list = slices.Insert(list, pos, sunshine.Inputs{Type: x.Group})
			at = append(at, pos)
		}
		setIn(&list[at[x.Index]], x.Key, x.Value)
		return list, nil
	case x.Group != "":
		switch count[x.Group] {
		case 0:
			return append(list, sunshine.Inputs{Type: x.Group, Inputs: []sunshine.Input{{Name: x.Key, Value: x.Value}}}), nil
		case 1:
			for gi := range list {
				if list[gi].Type == x.Group {
					setIn(&list[gi], x.Key, x.Value)
				}
			}
			return list, nil
		}
		return list, ambiguous(x.Group)
	}
	var holders []int
	for gi, g := range list {
		if _, ok := g.Get(x.Key); ok {
			if repeated(g.Type) {
				return list, ambiguous(g.Type)
			}
			holders = append(holders, gi)
		}
	}
	switch {
	case len(holders) > 0:
		for _, gi := range holders {
			setIn(&list[gi], x.Key, x.Value)
		}
	case len(list) == 0:
		list = append(list, sunshine.Inputs{Inputs: []sunshine.Input{{Name: x.Key, Value: x.Value}}})
	case repeated(list[0].Type):
		return list, ambiguous(list[0].Type)
	default:
		setIn(&list[0], x.Key, x.Value)
	}
	return list, nil
}

// caseTypo refuses a --set whose group type or input name is not in the
// request but differs from one that is only in letter case: XML names are
// case-sensitive, so it would be sent as a further group or input
// (vehicleinfo beside vehicleInfo) and the value meant to change would go
// out unchanged. A name the request does not have in any case is added, as
// setInput says.
func caseTypo(list []sunshine.Inputs, x purchase.Answer) *failure.FieldError {
	group, key := x.Group, x.Key
	var fixed []string
	if group != "" {
		has := false
		for _, g := range list {
			has = has || g.Type == group
		}
		for _, g := range list {
			if !has && g.Type != "" && strings.EqualFold(g.Type, group) {
				fixed, group = append(fixed, "group "+strconv.Quote(x.Group)+" is "+strconv.Quote(g.Type)), g.Type
				break
			}
		}
	}
	// The groups the key would be set in: those of its type (the N-th
	// with an index), or every group without one.
	var scope []sunshine.Inputs
	n := 0
	for _, g := range list {
		switch {
		case group == "":
			scope = append(scope, g)
		case g.Type == group:
			if !x.Indexed || n == x.Index {
				scope = append(scope, g)
			}
			n++
		}
	}
	found, alt := false, ""
	for _, g := range scope {
		for _, in := range g.Inputs {
			if in.Name == key {
				found = true
			} else if alt == "" && strings.EqualFold(in.Name, key) {
				alt = in.Name
			}
		}
	}
	if !found && alt != "" {
		fixed, key = append(fixed, "input "+strconv.Quote(x.Key)+" is "+strconv.Quote(alt)), alt
	}
	if len(fixed) == 0 {
		return nil
	}
	name := key
	switch {
	case x.Indexed:
		name = purchase.GroupName(group, x.Index, true) + "." + key
	case group != "":
		name = group + "." + key
	}
	return &failure.FieldError{Field: x.Field(),
		Rule: "differs only in letter case from the request's spelling (" + strings.Join(fixed, ", ") +
			"); names are case-sensitive, so it would be sent as another one and the value meant to change left as it was",
		Example: "--set " + name + "=" + x.Value}
}

// setIn replaces the input key of g (every one of that name), or adds it.
func setIn(g *sunshine.Inputs, key, value string) {
	found := false
	for ii := range g.Inputs {
		if g.Inputs[ii].Name == key {
			g.Inputs[ii].Value, found = value, true
		}
	}
	if !found {
		g.Inputs = append(g.Inputs, sunshine.Input{Name: key, Value: value})
	}
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
