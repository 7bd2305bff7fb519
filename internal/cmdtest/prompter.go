package cmdtest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/prompter"
)

// Prompter answers prompts from a script of answers keyed by the prompt's
// text; an unexpected prompt fails the test. An answer that is a []string
// is typed once per asking, in order; once they are used up, asking again
// takes what is pre-filled (the default), as pressing Enter would. A
// [][]int answers a multi-select once per asking; the last one repeats.
//
// Its Form behaves as huh's does: a question with a Validate does not take
// a refused answer; the refusal is recorded and the next answer typed.
type Prompter struct {
	t       *testing.T
	Answers map[string]any
	Asked   []string
	// Forms are the questions of every Form, in order.
	Forms [][]prompter.Question
	// Refused are the answers a form's validation refused.
	Refused []Refusal
	// MultiDefaults are the options each MultiSelect offered selected.
	MultiDefaults [][]string

	typed map[string]int
}

// Refusal is one answer a field's validation refused, with its message.
type Refusal struct {
	Label, Value, Message string
}

func (p *Prompter) answer(prompt string) (any, error) {
	p.Asked = append(p.Asked, prompt)
	for k, v := range p.Answers {
		if k == prompt || (len(k) > 0 && k[len(k)-1] == '*' && len(prompt) >= len(k)-1 && prompt[:len(k)-1] == k[:len(k)-1]) {
			if p.typed == nil {
				p.typed = map[string]int{}
			}
			i := p.typed[k]
			switch seq := v.(type) {
			case []string:
				p.typed[k]++
				if i >= len(seq) {
					return "", nil
				}
				return seq[i], nil
			case [][]int: // a multi-select's choices, one per asking
				p.typed[k]++
				return seq[min(i, len(seq)-1)], nil
			}
			return v, nil
		}
	}
	p.t.Errorf("unexpected prompt %q", prompt)
	return nil, fmt.Errorf("unexpected prompt %q", prompt)
}

// left says whether an answer for label remains to be typed after a
// refusal: only a sequence has another.
func (p *Prompter) left(label string) bool {
	for k, v := range p.Answers {
		if seq, ok := v.([]string); ok && (k == label || strings.HasSuffix(k, "*") && strings.HasPrefix(label, k[:len(k)-1])) {
			return p.typed[k] < len(seq)
		}
	}
	return false
}

// Form asks each question as AskAll would one by one, keeping a field
// open while its answer is refused.
func (p *Prompter) Form(qs []prompter.Question) (map[string]string, error) {
	p.Forms = append(p.Forms, append([]prompter.Question(nil), qs...))
	out := map[string]string{}
	for _, q := range qs {
		var v string
		var err error
		for {
			switch {
			case q.Secret:
				v, err = p.Password(q.Label)
			case len(q.Options) > 0:
				var i int
				if i, err = p.Select(q.Label, q.Default, q.Options); err == nil && i >= 0 && i < len(q.Options) {
					v = q.Options[i]
				}
			default:
				v, err = p.Input(q.Label, q.Default)
			}
			if err != nil {
				return nil, err
			}
			if q.Validate == nil {
				break
			}
			verr := q.Validate(v)
			if verr == nil {
				break
			}
			p.Refused = append(p.Refused, Refusal{Label: q.Label, Value: v, Message: verr.Error()})
			if !p.left(q.Label) {
				return nil, fmt.Errorf("%s: %q refused and no other answer scripted: %w", q.Label, v, verr)
			}
		}
		out[q.Key] = v
	}
	return out, nil
}

func (p *Prompter) Input(prompt, def string) (string, error) {
	v, err := p.answer(prompt)
	if err != nil {
		return "", err
	}
	if s, _ := v.(string); s != "" {
		return s, nil
	}
	return def, nil
}

func (p *Prompter) Password(prompt string) (string, error) {
	v, err := p.answer(prompt)
	s, _ := v.(string)
	return s, err
}

func (p *Prompter) Confirm(prompt string, def bool) (bool, error) {
	v, err := p.answer(prompt)
	b, _ := v.(bool)
	return b, err
}

// Select takes an index, or a string: the option that starts with it;
// the empty string keeps the default, as Enter does.
func (p *Prompter) Select(prompt, def string, options []string) (int, error) {
	v, err := p.answer(prompt)
	if s, ok := v.(string); ok && s == "" && err == nil {
		if i := slices.Index(options, def); i >= 0 {
			return i, nil
		}
	}
	if s, ok := v.(string); ok && err == nil {
		for i, o := range options {
			if strings.HasPrefix(o, s) {
				return i, nil
			}
		}
		p.t.Errorf("prompt %q: no option starts with %q in %q", prompt, s, options)
		return 0, fmt.Errorf("no option %q", s)
	}
	i, _ := v.(int)
	return i, err
}

func (p *Prompter) MultiSelect(prompt string, defs []string, options []string) ([]int, error) {
	p.MultiDefaults = append(p.MultiDefaults, append([]string(nil), defs...))
	v, err := p.answer(prompt)
	is, _ := v.([]int)
	return is, err
}
