package prompter

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Ctrl-C or Esc at a prompt leaves the terminal as it was before the
// prompt: the abandoned form is erased and the cursor is shown. The form
// used to stay on the screen, half answered, and the error was printed
// over its last line ("…(for" followed by "error: interrupted…").
func TestAbandonedPromptIsErased(t *testing.T) {
	for name, ask := range map[string]func(p *Huh) error{
		"form": func(p *Huh) error {
			_, err := p.Form([]Question{{Key: "a", Label: "Holder resident ID number"}, {Key: "b", Label: "Password", Secret: true}})
			return err
		},
		// A confirmation takes y and n as answers: it is sent only the key.
		"confirm": func(p *Huh) error { _, err := p.Confirm("Holder resident ID number: issue it?", false); return err },
		"input":   func(p *Huh) error { _, err := p.Input("Holder resident ID number", ""); return err },
		"multi-select": func(p *Huh) error {
			_, err := p.MultiSelect("Holder resident ID number", nil, []string{"a", "b"})
			return err
		},
	} {
		typed := "11010519"
		if name == "confirm" {
			typed = ""
		}
		for key, bytes := range map[string]string{"ctrl+c": "\x03", "esc": "\x1b"} {
			t.Run(name+"/"+key, func(t *testing.T) {
				out, w, done := openPrompt(t, context.Background(), ask, "resident ID")
				go func() { _, _ = w.Write([]byte(typed + bytes)) }()
				select {
				case err := <-done:
					if !errors.Is(err, ErrAborted) {
						t.Fatalf("err %v, want ErrAborted", err)
					}
				case <-time.After(10 * time.Second):
					t.Fatalf("the prompt is still open after %s", key)
				}
				lines, cursorShown := emulate(out.String())
				if text := strings.Join(lines, "\n"); strings.TrimSpace(text) != "" {
					t.Errorf("the abandoned prompt is still on the screen:\n%s", text)
				}
				if !cursorShown {
					t.Error("the cursor is left hidden")
				}
			})
		}
	}
}

// A prompt closed by SIGTERM (the process's context cancelled) is erased
// too, and says why it ended. It used to stay on the screen above the
// error, as a program killed through its context draws no last frame.
func TestPromptClosedBySignalIsErased(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	out, _, done := openPrompt(t, ctx, askIDAndPassword, "resident ID")
	cause := errors.New("terminated (SIGTERM)")
	cancel(cause)
	select {
	case err := <-done:
		if !errors.Is(err, cause) {
			t.Fatalf("err %v, want the cancellation's cause", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the prompt is still open after its context was cancelled")
	}
	lines, cursorShown := emulate(out.String())
	if text := strings.Join(lines, "\n"); strings.TrimSpace(text) != "" {
		t.Errorf("the closed prompt is still on the screen:\n%s", text)
	}
	if !cursorShown {
		t.Error("the cursor is left hidden")
	}
}

// emulate replays what a prompt wrote to a terminal and returns the lines
// left on the screen and whether the cursor is shown. It knows the few
// controls an inline bubbletea program uses (carriage return, line feed,
// cursor moves, erase in line and below); other sequences change nothing
// on the screen and are skipped.
func emulate(s string) (lines []string, cursorShown bool) {
	screen := [][]rune{{}}
	row, col := 0, 0
	cursorShown = true
	put := func(r rune) {
		for len(screen) <= row {
			screen = append(screen, []rune{})
		}
		for len(screen[row]) <= col {
			screen[row] = append(screen[row], ' ')
		}
		screen[row][col] = r
		col++
	}
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\r':
			col = 0
		case r == '\n': // as a terminal with onlcr on
			row, col = row+1, 0
		case r == 0x1b && i+1 < len(rs) && rs[i+1] == '[':
			j := i + 2
			for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
				j++
			}
			if j >= len(rs) {
				return text(screen), cursorShown
			}
			params, final := string(rs[i+2:j]), rs[j]
			n, err := strconv.Atoi(params)
			if err != nil || n == 0 {
				n = 1
			}
			switch {
			case final == 'A':
				row = max(0, row-n)
			case final == 'B':
				row += n
			case final == 'C':
				col += n
			case final == 'D':
				col = max(0, col-n)
			case final == 'G':
				col = n - 1
			case final == 'J' && (params == "" || params == "0"):
				for len(screen) <= row {
					screen = append(screen, []rune{})
				}
				screen[row] = screen[row][:min(col, len(screen[row]))]
				screen = screen[:row+1]
			case final == 'K' && (params == "" || params == "0"):
				for len(screen) <= row {
					screen = append(screen, []rune{})
				}
				screen[row] = screen[row][:min(col, len(screen[row]))]
			case final == 'K' && params == "2":
				for len(screen) <= row {
					screen = append(screen, []rune{})
				}
				screen[row] = screen[row][:0]
			case params == "?25" && final == 'h':
				cursorShown = true
			case params == "?25" && final == 'l':
				cursorShown = false
			}
			i = j
		case r == 0x1b && i+1 < len(rs) && rs[i+1] == ']':
			// OSC: up to BEL or ST.
			j := i + 2
			for j < len(rs) && rs[j] != 0x07 && !(rs[j] == 0x1b && j+1 < len(rs) && rs[j+1] == '\\') {
				j++
			}
			if j < len(rs) && rs[j] == 0x1b {
				j++
			}
			i = j
		case r == 0x1b:
			i++ // a two-character escape
		case r < 0x20:
		default:
			put(r)
		}
	}
	return text(screen), cursorShown
}

func text(screen [][]rune) []string {
	out := make([]string, len(screen))
	for i, l := range screen {
		out[i] = strings.TrimRight(string(l), " ")
	}
	return out
}

// askIDAndPassword is a form of two questions, one of them secret.
func askIDAndPassword(p *Huh) error {
	_, err := p.Form([]Question{{Key: "a", Label: "Holder resident ID number"}, {Key: "b", Label: "Password", Secret: true}})
	return err
}

// openPrompt runs ask on a fake 80x24 terminal and waits until the prompt
// has drawn want, answering the terminal's size until then as a terminal
// does. keys is the prompt's input; done gets ask's error.
func openPrompt(t *testing.T, ctx context.Context, ask func(p *Huh) error, want string) (out *screen, keys *io.PipeWriter, done <-chan error) {
	t.Helper()
	in, w := io.Pipe()
	t.Cleanup(func() { w.Close() })
	out = &screen{}
	p := &Huh{In: in, Out: out, Ctx: ctx}
	errs := make(chan error, 1)
	go func() { errs <- ask(p) }()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), want) && time.Now().Before(deadline) {
		go func() { _, _ = w.Write([]byte("\x1b[48;24;80;0;0t")) }()
		time.Sleep(200 * time.Millisecond)
	}
	return out, w, errs
}
