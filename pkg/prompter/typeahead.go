package prompter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
)

// typeAhead runs a huh form and keeps keys typed ahead in their field.
//
// huh moves to the next field in two steps: the key that leaves a field
// (Enter, Tab) returns a command, and the move happens when that
// command's message comes back. Keys already read from the terminal are
// queued before that message, so with a paste or a fast typist the first
// key after each Enter landed in the field just left ("…/paodings",
// "andbox"). typeAhead holds the keys that arrive after a leaving key
// until the focus has moved (or the form has finished, or a short wait
// shows that it stays, as when an answer is refused), then hands them on
// in order.
type typeAhead struct {
	form *huh.Form
	// pending: a leaving key was handed on and the focus has not moved
	// yet; from is the field it left.
	pending bool
	from    huh.Field
	held    []tea.Msg
	// wait numbers the leaving keys, so a late stayedMsg of an earlier
	// one does not release keys held for a later one.
	wait int
	// carried are keys typed past the end of the previous prompt, handed
	// to this form before any key read now; after collects the keys that
	// arrive once this form has finished, for the next prompt.
	carried []tea.Msg
	after   []tea.Msg
	// back, when set, turns the form's checks off while it handles a
	// step back (see backing).
	back *backing
}

// stayWait is how long keys are held after a leaving key before they are
// taken to mean the focus stays (an answer refused by its check). The
// move itself takes microseconds; the wait only delays the echo of keys
// typed into a refused answer.
const stayWait = 250 * time.Millisecond

type stayedMsg struct{ wait int }

// footerSlack is the rows a form's page takes beyond the height huh gives
// it: the blank line above the help, which huh does not count, and room
// for a refused answer's message, which replaces the one-line help and
// often wraps to two or three lines.
const footerSlack = 3

// formHeight is the height huh is told the terminal has. Told the whole
// height, huh drew a page taller than a 24-row terminal, whose first
// lines (the page's title: which provider's settings these are) scrolled
// out of sight; told less, it scrolls the page's fields instead.
func formHeight(rows int) int {
	return max(rows-footerSlack, 5)
}

// drainWait is how long a finished form keeps reading before its program
// ends. The Enter that finishes it often comes in one read with the keys
// typed after it (the next prompt's answer), which are still on their way
// to Update when the form finishes; without the wait they ended with the
// program, and the next prompt's first answer was lost about every other
// time.
const drainWait = 30 * time.Millisecond

// submittedMsg says the form is complete; carriedMsg starts a form on the
// keys carried over from the previous prompt; closedMsg says the
// process's context was cancelled (SIGTERM) while the form was open.
type (
	submittedMsg struct{}
	carriedMsg   struct{}
	closedMsg    struct{}
)

// closeGrace is how long a form has to end itself once its context is
// cancelled, before its program is killed.
const closeGrace = time.Second

// closeOnCancel ends prog when ctx is cancelled, as tea.WithContext would,
// but by abandoning its form: a program killed through its context draws
// no last frame, so the form stayed on the screen above the error. It
// returns the function that stops watching.
func closeOnCancel(ctx context.Context, prog *tea.Program) (stop func()) {
	done := make(chan struct{})
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		prog.Send(closedMsg{})
		select {
		case <-done:
		case <-time.After(closeGrace):
			prog.Kill()
		}
	}()
	return func() { close(done) }
}

// leaves reports whether k may move the focus: the keys huh's default key
// map binds to next, previous and submit in inputs, selects and
// confirmations.
func leaves(k tea.Msg) bool {
	kp, ok := k.(tea.KeyPressMsg)
	if !ok {
		return false
	}
	switch kp.String() {
	case "enter", "tab", "shift+tab":
		return true
	}
	return false
}

// isBack reports whether k is the key huh's default key map binds to
// going back a field (and from a page's first field, a page).
func isBack(k tea.Msg) bool {
	kp, ok := k.(tea.KeyPressMsg)
	return ok && kp.String() == "shift+tab"
}

// lineFeedAsEnter reads a line feed (Ctrl-J) as Enter. Keys typed before
// the prompt took the terminal were read by its line discipline, which
// turned each Enter into a line feed (ICRNL); the form took those for
// Ctrl-J, which an input ignores, so every answer typed ahead (a password
// too) landed in the first field. In raw mode Enter is a carriage return,
// and Ctrl-J has no other use in a prompt.
func lineFeedAsEnter(k tea.KeyPressMsg) tea.KeyPressMsg {
	if k.Code == 'j' && k.Mod == tea.ModCtrl {
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	return k
}

func (m *typeAhead) Init() tea.Cmd {
	return tea.Batch(m.form.Init(), func() tea.Msg { return carriedMsg{} })
}

func (m *typeAhead) View() tea.View {
	var v tea.View
	// As huh's own runner does: the form redraws its cursor on focus.
	v.ReportFocus = true
	if m.back != nil && m.back.gone {
		// Left for the question before the form, which is drawn where
		// the form was: the form's last frame is nothing, as an
		// abandoned form's is.
		return v
	}
	v.SetContent(m.form.View())
	return v
}

func (m *typeAhead) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	// The keys carried over go first, before any key read by this
	// program; whichever message comes first hands them on.
	var carriedCmd tea.Cmd
	if len(m.carried) > 0 {
		keys := m.carried
		m.carried = nil
		cmds := make([]tea.Cmd, 0, len(keys))
		for _, k := range keys {
			cmds = append(cmds, m.press(k))
		}
		carriedCmd = tea.Batch(cmds...)
	}
	model, cmd := m.update(msg)
	return model, tea.Batch(carriedCmd, cmd)
}

// press takes what was typed, read from the terminal or carried over: a
// key, or a paste. A paste is held behind a leaving key like a key is:
// pasted straight after an Enter, a password went into the field just
// left, in the clear (and made the user name too long).
func (m *typeAhead) press(k tea.Msg) tea.Cmd {
	if kp, ok := k.(tea.KeyPressMsg); ok {
		k = lineFeedAsEnter(kp)
	}
	if m.pending {
		m.held = append(m.held, k)
		return nil
	}
	return m.key(k)
}

func (m *typeAhead) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case carriedMsg:
		return m, nil
	case closedMsg:
		// Abandon the form as Ctrl-C does; the caller reports the
		// context's cause.
		_, cmd := m.form.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		if m.form.State == huh.StateNormal {
			return m, tea.Quit
		}
		return m, cmd
	case submittedMsg:
		return m, tea.Tick(drainWait, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case tea.KeyPressMsg, tea.PasteMsg:
		return m, m.press(msg)
	case stayedMsg:
		if !m.pending || msg.wait != m.wait {
			return m, nil
		}
		m.pending = false
		return m, m.release()
	case tea.WindowSizeMsg:
		msg.Height = formHeight(msg.Height)
		_, cmd := m.form.Update(msg)
		return m, cmd
	}
	var cmd tea.Cmd
	if msg == huh.PrevField() {
		// The step back that shift+tab asked for: the field it leaves
		// is checked as it loses the focus, and a refusal kept the page.
		m.back.during(func() { _, cmd = m.form.Update(msg) })
	} else {
		_, cmd = m.form.Update(msg)
	}
	if m.pending && m.moved() {
		m.pending = false
		return m, tea.Batch(cmd, m.release())
	}
	return m, cmd
}

// key hands k to the form; when k may leave the field, later keys are
// held until the form has moved.
func (m *typeAhead) key(k tea.Msg) tea.Cmd {
	if m.form.State != huh.StateNormal || m.back != nil && m.back.gone {
		// Typed past the form's end: the next prompt's.
		m.after = append(m.after, k)
		return nil
	}
	from := m.form.GetFocusedField()
	if isBack(k) && m.back != nil && m.back.out != nil && from == m.back.out {
		m.back.gone = true
		return tea.Quit
	}
	var cmd tea.Cmd
	if isBack(k) {
		// A select checks its answer on shift+tab itself.
		m.back.during(func() { _, cmd = m.form.Update(k) })
	} else {
		_, cmd = m.form.Update(k)
	}
	if !leaves(k) || m.form.State != huh.StateNormal || m.form.GetFocusedField() != from {
		return cmd
	}
	m.pending, m.from = true, from
	m.wait++
	wait := m.wait
	return tea.Batch(cmd, tea.Tick(stayWait, func(time.Time) tea.Msg { return stayedMsg{wait} }))
}

func (m *typeAhead) moved() bool {
	return m.form.State != huh.StateNormal || m.form.GetFocusedField() != m.from
}

// release hands the held keys on in order, until one of them leaves a
// field again.
func (m *typeAhead) release() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.held) > 0 && !m.pending {
		k := m.held[0]
		m.held = m.held[1:]
		cmds = append(cmds, m.key(k))
	}
	return tea.Batch(cmds...)
}

// runTypeAhead runs f on a terminal as huh's RunWithContext does, through
// typeAhead, handing it first the keys carried over from the previous
// prompt; it returns the keys typed past f's end, for the next one.
func runTypeAhead(ctx context.Context, f *huh.Form, in io.Reader, out io.Writer, carried []tea.Msg, back *backing) ([]tea.Msg, error) {
	f.SubmitCmd = func() tea.Msg { return submittedMsg{} }
	// Ctrl-C and Esc quit, not interrupt: bubbletea draws no last frame
	// for an interrupted program, so the abandoned form stayed on the
	// screen and the error was printed over its last line. A program
	// that quits draws the aborted form's last frame, which is empty.
	// The form's state says it was abandoned.
	f.CancelCmd = tea.Quit
	if out == nil {
		out = os.Stderr // huh's default
	}
	opts := []tea.ProgramOption{tea.WithOutput(out)}
	if ctx.Done() != nil {
		// The process's context carries SIGINT and SIGTERM. Left to
		// bubbletea, SIGTERM quit the program with its form as it was, so
		// the last frame drawn was the whole form, left on the screen.
		opts = append(opts, tea.WithoutSignalHandler())
	}
	if in != nil {
		view, end := promptInputFor(in)
		defer end()
		opts = append(opts, tea.WithInput(view))
	}
	m := &typeAhead{form: f, carried: carried, back: back}
	prog := tea.NewProgram(m, opts...)
	defer closeOnCancel(ctx, prog)()
	_, err := prog.Run()
	switch {
	case f.State == huh.StateAborted || errors.Is(err, tea.ErrInterrupted):
		return nil, huh.ErrUserAborted
	case errors.Is(err, tea.ErrProgramKilled):
		return nil, huh.ErrTimeout
	case err != nil:
		return nil, fmt.Errorf("huh: %w", err)
	}
	// Keys held for a move that the end of the form made moot are typed
	// past it too.
	return append(m.after, m.held...), nil
}
