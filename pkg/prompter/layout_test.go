package prompter

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A form's pages fit the terminal and keep their title (which provider's
// settings these are), scrolling their fields instead. huh makes every
// page as high as the tallest one, up to the terminal's height, and then
// adds a row: told the whole height of an 80x24 terminal, the configure
// wizard's pages (sunshine's has ten settings) were a row too high, and
// the title of the page open scrolled out of sight.
func TestFormPageFitsA24RowTerminal(t *testing.T) {
	var qs []Question
	for i := 1; i <= 3; i++ {
		qs = append(qs, Question{Key: fmt.Sprint("e", i), Label: fmt.Sprintf("eBao setting %d (e.g. value-%d)", i, i), Group: "ebao"})
	}
	for i := 1; i <= 10; i++ {
		qs = append(qs, Question{Key: fmt.Sprint("s", i), Label: fmt.Sprintf("Sunshine setting %d", i), Group: "sunshine"})
	}
	out, w, done := openPrompt(t, context.Background(), func(p *Huh) error { _, err := p.Form(qs); return err }, "eBao setting 1")
	// The frame drawn once the form knows the terminal's size: a first
	// frame may come before it, and on a loaded machine the redraw takes
	// a while (CI once saw a blank screen five seconds on), so wait for a
	// fitting page, telling the size again now and then as a terminal
	// does on a resize, up to a generous deadline rather than a fixed time.
	var lines []string
	for i, deadline := 0, time.Now().Add(20*time.Second); ; i++ {
		time.Sleep(50 * time.Millisecond)
		if i%10 == 9 {
			go func() { _, _ = w.Write([]byte("\x1b[48;24;80;0;0t")) }()
		}
		lines, _ = emulate(out.String())
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if (len(lines) <= 24 && len(lines) > 0 && strings.TrimSpace(lines[0]) == "ebao") || time.Now().After(deadline) {
			break
		}
	}
	go func() { _, _ = w.Write([]byte("\x03")) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the form is still open after Ctrl-C")
	}
	if len(lines) > 24 {
		t.Errorf("the page is %d rows high on a 24-row terminal:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "ebao" {
		t.Errorf("the page's first row is not its title \"ebao\":\n%s", strings.Join(lines, "\n"))
	}
}
