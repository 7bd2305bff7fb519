// Package deliver implements `insure sunshine deliver` (135): change the
// delivery address of an underwritten session before payment.
package deliver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/cmd/sunshine/shared"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
	"github.com/spf13/cobra"
)

// Options for `sunshine deliver`.
type Options struct {
	// Ctx is cobra's context: SIGINT and SIGTERM cancel it.
	Ctx           context.Context
	IO            *iostreams.IOStreams
	Client        func() (*sunshine.Client, *config.Profile, error)
	Store         func() (*store.Store, error)
	Prompter      func() prompter.Prompter
	OutputOptions func() (output.Options, error)
	Now           func() time.Time

	Session string
	Flags   map[string]*string // delivery key -> flag value
	File    string
	Sets    []string
}

// fields are the seven delivery inputs with flags, labels and an example
// value for error messages: the addressee and where to, and the insured's
// address as on the ID card (insuredaddresseeDetails), which the 135
// table (3.11.1) lists with them and its example sends in the delivery
// group. Each starts from what underwriting (120) sent. The table marks
// an eighth not nullable, the delivery date (sendDate): it is an answer
// (--set sendDate=yyyy-MM-dd) and has a default (sendDate below).
var fields = []struct{ key, flag, label, example string }{
	{"addresseeName", "name", "收件人姓名", "李四"},
	{"addresseeMobile", "mobile", "收件人手机", "13800138000"},
	{"addresseeProvince", "province", "省份", "44"},
	{"addresseeCity", "city", "城市", "4401"},
	{"addresseeTown", "town", "区县", "440106"},
	{"addresseeDetails", "address", "收件地址", "广州市天河区体育西路1号"},
	{"insuredaddresseeDetails", "insured-address", "被保人身份证地址", "广州市天河区体育西路1号"},
}

// group is the form group of the delivery inputs.
const group = "deliverInfo"

// sendDateLabel labels the delivery date in prompts, errors and output.
const sendDateLabel = "配送日期"

// sendDate is the delivery date 135 sends unless an answer changes it:
// the one underwriting sent, or today (China time) when that day has
// passed or none is known. A date written yyyy-MM-dd sorts as text.
func sendDate(s *purchase.Session, today string) string {
	if v := s.Input(purchase.SendDateKey); v >= today {
		return v
	}
	return today
}

// NewCmdDeliver builds the command.
func NewCmdDeliver(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Store: f.Store, Prompter: f.Prompter, OutputOptions: f.OutputOptions, Flags: map[string]*string{},
		Client: f.Sunshine, Now: f.Now}
	cmd := &cobra.Command{
		Use:   "deliver --session ID [--name N] [--mobile M] [--province P] [--city C] [--town T] [--address A] [--insured-address A]",
		Short: "Change the delivery address of a Sunshine purchase (135)",
		Long: `Send 135: the platform takes a new delivery address after underwriting (120)
and before the policy is issued (130). The platform needs all eight fields
of its table: the addressee, the address, the insured's address as on the
ID card, and the delivery date (sendDate, yyyy-MM-dd), which is filled
in: the date underwriting sent, or today if that day has passed or none
is known (--set sendDate=yyyy-MM-dd changes it). Fields not given keep
the values underwriting sent. On a terminal a field with no value is asked; in a
script it is exit 2, listing each.`,
		Example: `  insure -p sandbox sunshine deliver --session SESSION --name 李四 \
    --mobile 13700137000 --address 广州市越秀区中山五路2号`,
		Args: cmdutil.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
	for _, fd := range fields {
		v := new(string)
		opts.Flags[fd.key] = v
		cmd.Flags().StringVar(v, fd.flag, "", fmt.Sprintf("%s (%s)", fd.label, fd.key))
	}
	cmd.Flags().StringVar(&opts.Session, "session", "", "The session `ID`")
	cmd.Flags().StringVarP(&opts.File, "file", "f", "", "Answers file (YAML or JSON), - for stdin")
	cmd.Flags().StringArrayVar(&opts.Sets, "set", nil, "KEY=VALUE for a delivery input (repeatable)")
	return cmd
}

// Run sends 135.
func Run(opts *Options) error {
	ctx := opts.Ctx
	oo, err := opts.OutputOptions()
	if err != nil {
		return err
	}
	if opts.Session == "" {
		return cmdutil.FlagErrorf("--session is required (see insure sunshine sessions)")
	}
	answers, err := purchase.LoadAnswers(opts.IO.In, opts.File, opts.Sets)
	if err != nil {
		return err
	}
	if err := onlyDeliveryKeys(answers); err != nil {
		return err
	}
	c, prof, err := opts.Client()
	if err != nil {
		return err
	}
	st, err := opts.Store()
	if err != nil {
		return err
	}
	sessions := shared.RecordSessions{Store: st}
	s, err := purchase.OpenSession(ctx, sessions, prof.Name, opts.Session)
	if err != nil {
		return err
	}
	if s.Step != "120" && s.Step != "125" && s.Step != "135" {
		return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: sunshine.TxnDelivery.Operation(),
			Message: fmt.Sprintf("session %s is at step %s: the address can change only after underwriting (120) and before issue (130); nothing was sent", s.ID, s.Step)}
	}
	// Build the form the platform would show, prefilled with the current
	// address, and answer it like any other.
	form := sunshine.Tags{Type: group}
	for _, fd := range fields {
		v := s.Input(fd.key)
		if fv := *opts.Flags[fd.key]; fv != "" {
			answers.Add("", fd.key, fv)
		}
		t := sunshine.Tag{Definitions: []sunshine.Definition{
			{Name: "type", Value: "text"}, {Name: "key", Value: fd.key}, {Name: "label", Value: fd.label}, {Name: "value", Value: v}}}
		if fd.flag == "province" || fd.flag == "city" || fd.flag == "town" {
			// Codes of the region look-up: a terminal picks them level by level.
			t.Definitions = append(t.Definitions, sunshine.Definition{Name: "dataUrl", Value: sunshine.RegionPath})
		}
		form.Tags = append(form.Tags, t)
	}
	form.Tags = append(form.Tags, sunshine.Tag{Definitions: []sunshine.Definition{{Name: "type", Value: "date"},
		{Name: "key", Value: purchase.SendDateKey}, {Name: "label", Value: sendDateLabel}, {Name: "value", Value: sendDate(s, purchase.Today(opts.now()))}}})
	in, err := fill(ctx, form, answers, shared.NewAsker(opts.IO, opts.Prompter), c)
	if err != nil {
		return err
	}
	if err := check(in); err != nil {
		return err
	}
	fl := &purchase.Flow{Client: c, Sessions: sessions, Session: s, Progress: shared.StderrProgress{IO: opts.IO}, Command: "deliver"}
	if _, err := fl.Send(ctx, sunshine.RequestSpec{Transaction: sunshine.TxnDelivery, InputsList: in}); err != nil {
		return err
	}
	res := map[string]string{"sessionId": s.ID, "step": s.Step, purchase.SendDateKey: s.Input(purchase.SendDateKey)}
	for _, fd := range fields {
		res[fd.key] = s.Input(fd.key)
	}
	return shared.Print(opts.IO, oo, fl.LastResponse, output.Result{Data: res, XMLRoot: "delivery", Table: func(w io.Writer) error {
		kv := output.NewKeyValues()
		kv.Add("session", s.ID)
		for _, fd := range fields {
			kv.Add(fd.label, res[fd.key])
		}
		kv.Add(sendDateLabel, res[purchase.SendDateKey])
		return kv.Render(w)
	}})
}

func (o *Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// onlyDeliveryKeys refuses answers that name no delivery input (a typo,
// another form's group): the form holds only the seven and the date, so such an answer
// would be dropped and 135 sent without the change it was meant to make.
func onlyDeliveryKeys(answers *purchase.Answers) error {
	known := map[string]bool{purchase.SendDateKey: true}
	var keys []string
	for _, fd := range fields {
		known[fd.key] = true
		keys = append(keys, fd.key)
	}
	keys = append(keys, purchase.SendDateKey)
	var bad []failure.FieldError
	// Nothing was looked up yet, so Unused is every answer given, each
	// GROUP[N] answer in the N-th group of its type.
	seen := map[string]int{}
	for _, g := range answers.Unused(nil) {
		slot := seen[g.Type]
		seen[g.Type]++
		for _, i := range g.Inputs {
			// The form has one delivery group: a second one is no input.
			if (g.Type == "" || g.Type == group) && slot == 0 && known[i.Name] {
				continue
			}
			bad = append(bad, failure.FieldError{Field: strings.TrimPrefix(purchase.GroupName(g.Type, slot, slot > 0)+"."+i.Name, "."),
				Rule: "is not a delivery input; they are " + strings.Join(keys, ", "), Example: "--set addresseeName=李四"})
		}
	}
	if len(bad) == 0 {
		return nil
	}
	e := failure.Invalid(sunshine.Provider, sunshine.TxnDelivery.Operation(), bad...)
	e.Message = fmt.Sprintf("%d answer(s) name no delivery input; nothing was sent", len(bad))
	return e
}

// check refuses, before anything is sent, what the platform would: it
// needs all seven fields, a mobile number it can reach and a delivery date.
func check(in []sunshine.Inputs) error {
	values := map[string]string{}
	for _, g := range in {
		for _, i := range g.Inputs {
			values[i.Name] = i.Value
		}
	}
	var bad []failure.FieldError
	for _, fd := range fields {
		v := strings.TrimSpace(values[fd.key])
		example := "--" + fd.flag + " " + fd.example
		switch {
		case v == "":
			bad = append(bad, failure.FieldError{Field: group + "." + fd.key, Rule: fd.label + " is empty; the platform needs every field of its table", Example: example})
		case fd.key == "addresseeMobile":
			if fe := validate.Mobile(v); fe != nil {
				bad = append(bad, failure.FieldError{Field: group + "." + fd.key, Rule: fe.Rule, Example: example})
			}
		}
	}
	if _, err := time.Parse(purchase.SendDateLayout, values[purchase.SendDateKey]); err != nil {
		bad = append(bad, failure.FieldError{Field: group + "." + purchase.SendDateKey,
			Rule:    fmt.Sprintf("%s %q is not a date in the format yyyy-MM-dd", sendDateLabel, values[purchase.SendDateKey]),
			Example: "--set sendDate=2026-03-02"})
	}
	if len(bad) > 0 {
		return failure.Invalid(sunshine.Provider, sunshine.TxnDelivery.Operation(), bad...)
	}
	return nil
}

// fill keeps current values, applies answers, and asks (terminal) or
// lists (script) the fields that are still empty.
func fill(ctx context.Context, form sunshine.Tags, answers *purchase.Answers, ask purchase.Asker, lookups purchase.Lookups) ([]sunshine.Inputs, error) {
	var empty []sunshine.Tag
	for i, t := range form.Tags {
		if v, ok := answers.Lookup(form.Type, t.Key()); ok {
			form.Tags[i].Definitions[3].Value = v
		} else if t.Value() == "" {
			empty = append(empty, t)
		}
	}
	if len(empty) > 0 {
		in, err := purchase.Fill(ctx, purchase.FillOptions{Transaction: sunshine.TxnDelivery, Form: []sunshine.Tags{{Type: form.Type, Tags: empty}},
			Asker: ask, Required: true, Lookups: lookups})
		if err != nil {
			return nil, withExamples(err)
		}
		for _, g := range in {
			for _, i := range g.Inputs {
				answers.Add(form.Type, i.Name, i.Value)
			}
		}
	}
	return purchase.Fill(ctx, purchase.FillOptions{Transaction: sunshine.TxnDelivery, Form: []sunshine.Tags{form}, Answers: answers})
}

// withExamples gives each field a script still has to answer the
// command's own flag and a value of its kind (--town 440106) instead of
// the form's generic --set KEY=VALUE.
func withExamples(err error) error {
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return err
	}
	for i, f := range fe.Fields {
		for _, fd := range fields {
			if f.Field == group+"."+fd.key {
				fe.Fields[i].Example = "--" + fd.flag + " " + fd.example
			}
		}
	}
	return err
}
