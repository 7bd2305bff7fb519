package shared

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/providers/sunshine"
)

// firstOption is a person who takes the first option of every select,
// and says what the select showed as its title.
type firstOption struct{ titles []string }

func (p *firstOption) Input(string, string) (string, error)                  { return "", nil }
func (p *firstOption) Password(string) (string, error)                       { return "", nil }
func (p *firstOption) Confirm(string, bool) (bool, error)                    { return false, nil }
func (p *firstOption) MultiSelect(string, []string, []string) ([]int, error) { return nil, nil }
func (p *firstOption) Select(title, _ string, _ []string) (int, error) {
	p.titles = append(p.titles, title)
	return 0, nil
}

// A look-up's select starts filtering, and a filtering select shows its
// filter line where the title would be: the question (whose province?)
// is written above it, without the platform's control characters, and
// the choice below it once made.
func TestPickSaysWhatItAsksAboveTheSelect(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	a := &TerminalAsker{IO: ios, Prompter: &firstOption{}}
	i, err := a.Pick(t.Context(), "省份\u009b2J (addresseeProvince)", []sunshine.Option{{Label: "北京", Value: "11"}, {Label: "广东省", Value: "44"}})
	if err != nil || i != 0 {
		t.Fatalf("%d %v", i, err)
	}
	if s := errOut.String(); !strings.Contains(s, "省份 (addresseeProvince)") || strings.Contains(s, "\u009b") || !strings.Contains(s, "北京 = 11") {
		t.Fatalf("stderr %q", s)
	}
}

// The line above a look-up's select says how to filter it: / starts the
// filter. It said "type to filter", and typing did nothing.
func TestPickSaysHowToFilter(t *testing.T) {
	ios, _, _, errOut := iostreams.Test()
	a := &TerminalAsker{IO: ios, Prompter: &firstOption{}}
	if _, err := a.Pick(t.Context(), "省份 (addresseeProvince)", []sunshine.Option{{Label: "北京", Value: "11"}}); err != nil {
		t.Fatal(err)
	}
	if s := errOut.String(); !strings.Contains(s, "省份 (addresseeProvince) (press / to filter)") || strings.Contains(s, "type to filter") {
		t.Fatalf("stderr %q", s)
	}
}
