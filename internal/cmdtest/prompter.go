package cmdtest

import (
	"fmt"
	"strings"
	"testing"
)

// Prompter answers prompts from a script of answers keyed by the prompt's
// text; an unexpected prompt fails the test.
type Prompter struct {
	t       *testing.T
	Answers map[string]any
	Asked   []string
}

func (p *Prompter) answer(prompt string) (any, error) {
	p.Asked = append(p.Asked, prompt)
	for k, v := range p.Answers {
		if k == prompt || (len(k) > 0 && k[len(k)-1] == '*' && len(prompt) >= len(k)-1 && prompt[:len(k)-1] == k[:len(k)-1]) {
			return v, nil
		}
	}
	p.t.Errorf("unexpected prompt %q", prompt)
	return nil, fmt.Errorf("unexpected prompt %q", prompt)
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

// Select takes an index, or a string: the option that starts with it.
func (p *Prompter) Select(prompt, def string, options []string) (int, error) {
	v, err := p.answer(prompt)
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
	v, err := p.answer(prompt)
	is, _ := v.([]int)
	return is, err
}
