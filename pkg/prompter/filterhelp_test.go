package prompter

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A select on a form whose filter is off (its selects are short) does
// not offer "/ filter" in the help line: the key does nothing there. A
// long select, which filters, still offers it. Checked on the first
// select and again after the form went past it and back (huh turns the
// filter key back on when a select is left).
func TestHelpLineOffersFilterOnlyWhereItFilters(t *testing.T) {
	many := make([]string, filterAbove+2)
	for i := range many {
		many[i] = fmt.Sprintf("Kind %d", i)
	}
	for name, c := range map[string]struct {
		options []string
		filters bool
	}{
		"short select": {[]string{"Kind A", "Kind B", "Kind C"}, false},
		"long select":  {many, true},
	} {
		t.Run(name, func(t *testing.T) {
			qs := []Question{
				{Key: "kind", Label: "Vehicle kind", Options: c.options},
				{Key: "use", Label: "Vehicle use", Options: []string{"Private", "Business"}},
			}
			out, w, done := openPrompt(t, context.Background(), func(p *Huh) error { _, err := p.Form(qs); return err }, "Vehicle kind")
			last := func() string {
				lines, _ := emulate(out.String())
				for i := len(lines) - 1; i >= 0; i-- {
					if strings.TrimSpace(lines[i]) != "" {
						return lines[i]
					}
				}
				return ""
			}
			// The frame is drawn when the machine gets to it: a fixed
			// 300 ms read an empty screen on a loaded CI machine. Wait
			// (up to 20 s) for a help line as the case expects it, held
			// for two reads in a row; else report the last one seen.
			help := func() string {
				deadline := time.Now().Add(20 * time.Second)
				held := 0
				for {
					time.Sleep(150 * time.Millisecond)
					line := last()
					if line != "" && strings.Contains(line, "filter") == c.filters {
						if held++; held == 2 {
							return line
						}
					} else {
						held = 0
					}
					if time.Now().After(deadline) {
						return line
					}
				}
			}
			first := help()
			// Enter answers the first select, shift+tab comes back to it.
			_, _ = w.Write([]byte("\r"))
			time.Sleep(300 * time.Millisecond)
			_, _ = w.Write([]byte("\x1b[Z"))
			back := help()
			go func() { _, _ = w.Write([]byte("\x03")) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the form is still open after Ctrl-C")
			}
			for when, line := range map[string]string{"first": first, "back": back} {
				if strings.Contains(line, "filter") != c.filters {
					t.Errorf("%s: help line %q, want filter offered: %v", when, line, c.filters)
				}
			}
		})
	}
}
