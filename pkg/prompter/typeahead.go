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
	held    []tea.KeyPressMsg
	// wait numbers the leaving keys, so a late stayedMsg of an earlier
	// one does not release keys held for a later one.
	wait int
}

// stayWait is how long keys are held after a leaving key before they are
// taken to mean the focus stays (an answer refused by its check). The
// move itself takes microseconds; the wait only delays the echo of keys
// typed into a refused answer.
const stayWait = 250 * time.Millisecond

type stayedMsg struct{ wait int }

// leaves reports whether k may move the focus: the keys huh's default key
// map binds to next, previous and submit in inputs, selects and
// confirmations.
func leaves(k tea.KeyPressMsg) bool {
	switch k.String() {
	case "enter", "tab", "shift+tab":
		return true
	}
	return false
}

func (m *typeAhead) Init() tea.Cmd { return m.form.Init() }

func (m *typeAhead) View() tea.View {
	var v tea.View
	// As huh's own runner does: the form redraws its cursor on focus.
	v.ReportFocus = true
	v.SetContent(m.form.View())
	return v
}

func (m *typeAhead) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.pending {
			m.held = append(m.held, msg)
			return m, nil
		}
		return m, m.key(msg)
	case stayedMsg:
		if !m.pending || msg.wait != m.wait {
			return m, nil
		}
		m.pending = false
		return m, m.release()
	}
	_, cmd := m.form.Update(msg)
	if m.pending && m.moved() {
		m.pending = false
		return m, tea.Batch(cmd, m.release())
	}
	return m, cmd
}

// key hands k to the form; when k may leave the field, later keys are
// held until the form has moved.
func (m *typeAhead) key(k tea.KeyPressMsg) tea.Cmd {
	from := m.form.GetFocusedField()
	_, cmd := m.form.Update(k)
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
// typeAhead.
func runTypeAhead(ctx context.Context, f *huh.Form, in io.Reader, out io.Writer) error {
	f.SubmitCmd = tea.Quit
	f.CancelCmd = tea.Interrupt
	if out == nil {
		out = os.Stderr // huh's default
	}
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(out)}
	if in != nil {
		opts = append(opts, tea.WithInput(in))
	}
	_, err := tea.NewProgram(&typeAhead{form: f}, opts...).Run()
	switch {
	case f.State == huh.StateAborted || errors.Is(err, tea.ErrInterrupted):
		return huh.ErrUserAborted
	case errors.Is(err, tea.ErrProgramKilled):
		return huh.ErrTimeout
	case err != nil:
		return fmt.Errorf("huh: %w", err)
	}
	return nil
}
