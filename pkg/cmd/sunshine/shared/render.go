package shared

import (
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// ControlView is one form control for printing.
type ControlView struct {
	Key        string            `json:"key"`
	Label      string            `json:"label,omitempty"`
	Type       string            `json:"type,omitempty"`
	Value      string            `json:"value"`
	ValueLabel string            `json:"valueLabel,omitempty"`
	Options    []sunshine.Option `json:"options,omitempty"`
	Premium    *purchase.Money   `json:"premium,omitempty"`
	Disabled   bool              `json:"disabled,omitempty"`
	// ReadOnly is the Tag's readonly="true": shown, sent back as given,
	// not to be changed.
	ReadOnly bool `json:"readonly,omitempty"`
}

// FormView is one Tags group for printing.
type FormView struct {
	Type string `json:"type,omitempty"`
	// Index is the group's position among the answer's groups of Type,
	// from 0, when there are several (one per named driver): what
	// --set GROUP[N].KEY=VALUE names.
	Index    *int          `json:"index,omitempty"`
	Controls []ControlView `json:"controls"`
}

// Name is the group as answers name it: GROUP, or GROUP[N] in a repeated
// group.
func (f FormView) Name() string {
	if f.Index == nil {
		return f.Type
	}
	return purchase.GroupName(f.Type, *f.Index, true)
}

// Forms converts a TagsList for printing: premiums in yuan, options split.
func Forms(list []sunshine.Tags) []FormView {
	var out []FormView
	for _, g := range purchase.FormGroups(list) {
		fv := FormView{Type: g.Type, Controls: []ControlView{}}
		if g.Repeated() {
			fv.Index = &g.Index
		}
		for _, t := range g.Tags {
			cv := ControlView{Key: t.Key(), Label: t.Label(), Type: t.Type(), Value: t.Value(), Options: t.Options(), Disabled: t.Disabled(), ReadOnly: t.ReadOnly()}
			cv.ValueLabel = purchase.OptionLabel(t, cv.Value)
			if p, ok := t.Premium(); ok {
				m := purchase.NewMoney(p)
				cv.Premium = &m
			}
			fv.Controls = append(fv.Controls, cv)
		}
		out = append(out, fv)
	}
	return out
}

// FormTable draws forms as one table of controls.
func FormTable(w io.Writer, tty bool, forms []FormView) error {
	t := output.NewTable(tty, "group", "key", "label", "type", "value", "premium", "options").Flexible("label", "options")
	for _, g := range forms {
		for _, c := range g.Controls {
			v := c.Value
			if c.ValueLabel != "" && c.ValueLabel != c.Value {
				v += " (" + c.ValueLabel + ")"
			}
			prem := ""
			if c.Premium != nil {
				prem = c.Premium.Yuan
			}
			var opts []string
			for _, op := range c.Options {
				opts = append(opts, OptionText(op))
			}
			o := strings.Join(opts, "; ")
			if tty && len([]rune(o)) > 60 {
				o = string([]rune(o)[:57]) + "..."
			}
			t.Row(g.Name(), c.Key, c.Label, c.Type, v, prem, o)
		}
	}
	if t.Len() == 0 {
		return nil
	}
	return t.Render(w)
}

// declRE is compiled on first use, not at every start of insure.
var declRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(\s*<\?xml[^>]*encoding\s*=\s*["'])([^"']+)(["'])`) })

// UTF8XML is the answer as UTF-8 text with its declaration saying so: what
// -o xml prints, since a terminal or an editor reads UTF-8 (-o raw keeps
// the GBK bytes as received).
func UTF8XML(resp *sunshine.Response) []byte {
	doc := resp.UTF8
	if doc == nil {
		if d, err := sunshine.DecodeGBK(resp.Raw); err == nil {
			doc = d
		}
	}
	return RelabelUTF8(doc)
}

// RelabelUTF8 makes a decoded document's declaration say UTF-8.
func RelabelUTF8(doc []byte) []byte {
	return declRE().ReplaceAll(doc, []byte("${1}UTF-8${3}"))
}

// Print prints a result whose provider answer is resp: -o xml is the
// answer in UTF-8, -o raw its GBK bytes, other formats r. On a terminal
// both show the answer as UTF-8 text without control characters: GBK
// bytes are unreadable there (and a GBK character such as 聸, C2 9B, is
// an 8-bit CSI to a UTF-8 terminal), and the platform's text is not to
// drive the terminal. The exact document is what a pipe or file gets.
func Print(ios *iostreams.IOStreams, oo output.Options, resp *sunshine.Response, r output.Result) error {
	if resp != nil {
		r.Raw = resp.Raw
		doc := oo.JQ == "" && oo.Template == "" && (oo.Format == "xml" || oo.Format == "raw" && ios.IsStdoutTTY())
		if doc {
			text := UTF8XML(resp)
			if ios.IsStdoutTTY() {
				text = []byte(iostreams.Sanitize(string(text)))
			}
			if len(text) > 0 && text[len(text)-1] != '\n' {
				text = append(text, '\n')
			}
			_, err := ios.Out.Write(text)
			return err
		}
	}
	return output.Print(ios.Out, oo, r)
}
