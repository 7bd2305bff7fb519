// Package iostreams is the one place that decides whether insure talks to a
// person or a program: TTY detection, colour, and whether prompting is
// allowed. Commands never look at os.Stdout themselves, so tests can force
// either mode. It also runs the pager (pager.go).
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams carries the process's standard streams and what is known about
// them.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY, stdoutTTY, stderrTTY bool
	colorEnabled                   bool
	colorDisabled                  bool // --no-color, NO_COLOR, CLICOLOR=0 or TERM=dumb: nothing is painted anywhere
	colorForced                    bool // CLICOLOR_FORCE: painted even when not a terminal
	neverPrompt                    bool
	// background says the process is a background job of its terminal
	// (stdin's, else stdout's; nil: it is not; System asks the terminal).
	background func() bool

	// pagerCommand is the pager (""; none); pagerChosen says a variable
	// or SetPager named it, not the default (see StartPager).
	pagerCommand string
	pagerChosen  bool
	pager        *pager
	// stdout is Out as System bound it (nil for Test's streams).
	stdout *switchedStdout
}

// System returns streams bound to the process's stdin, stdout and stderr.
func System() *IOStreams {
	stdout := &switchedStdout{file: os.Stdout, to: os.Stdout}
	s := &IOStreams{
		In: os.Stdin, Out: stdout, ErrOut: os.Stderr,
		stdout:    stdout,
		stdinTTY:  isTerminal(os.Stdin),
		stdoutTTY: isTerminal(os.Stdout),
		stderrTTY: isTerminal(os.Stderr),
	}
	s.background = func() bool {
		switch {
		case s.stdinTTY:
			return inBackground(os.Stdin)
		case s.stdoutTTY:
			return inBackground(os.Stdout)
		}
		return false
	}
	s.colorDisabled, s.colorForced = colorEnv(os.Getenv)
	s.colorEnabled = (s.stdoutTTY || s.colorForced) && !s.colorDisabled
	if os.Getenv("CI") != "" {
		s.neverPrompt = true
	}
	s.pagerCommand, s.pagerChosen = pagerFromEnv(os.LookupEnv)
	return s
}

// colorEnv reads the colour conventions gh and most CLIs follow:
// NO_COLOR set to anything but "" (no-color.org), TERM=dumb or CLICOLOR=0
// turn colour off; CLICOLOR_FORCE set to anything but "" or "0" turns it
// on even when stdout or stderr is not a terminal (a pager such as
// less -R). Off wins over forced.
func colorEnv(getenv func(string) string) (disabled, forced bool) {
	disabled = getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" || getenv("CLICOLOR") == "0"
	forced = getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0"
	return disabled, forced && !disabled
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// Test returns streams backed by buffers, not a TTY, with no pager.
func Test() (s *IOStreams, in *bytes.Buffer, out *bytes.Buffer, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, pagerChosen: true}, in, out, errOut
}

func (s *IOStreams) IsStdinTTY() bool  { return s.stdinTTY }
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// SetStdinTTY and friends let tests force a mode.
func (s *IOStreams) SetStdinTTY(v bool)  { s.stdinTTY = v }
func (s *IOStreams) SetStdoutTTY(v bool) { s.stdoutTTY = v }
func (s *IOStreams) SetStderrTTY(v bool) { s.stderrTTY = v }

// InBackground reports whether the process runs as a background job of
// its terminal (insure sandbox serve &): Ctrl-C typed there does not
// reach it, so a message must not offer it, and reading the terminal
// would stop the job (SIGTTIN), so nothing may prompt.
func (s *IOStreams) InBackground() bool { return s.background != nil && s.background() }

// SetInBackground lets tests stand in for a background job.
func (s *IOStreams) SetInBackground(v bool) { s.background = func() bool { return v } }

// ColorEnabled reports whether stdout output may carry ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.colorEnabled }
func (s *IOStreams) SetColorEnabled(v bool) {
	s.colorEnabled = v
	s.colorDisabled = !v
	s.colorForced = s.colorForced && v
}

// SetNeverPrompt forbids prompts (--no-input, CI).
func (s *IOStreams) SetNeverPrompt(v bool) { s.neverPrompt = v }

// CanPrompt reports whether a prompt may be shown: both stdin and stdout
// are terminals and nothing forbade it. A prompt must never block a script.
func (s *IOStreams) CanPrompt() bool {
	return !s.neverPrompt && s.stdinTTY && s.stdoutTTY && !s.InBackground()
}

// CanPromptOnStderr reports whether a prompt drawn on stderr may be shown:
// stdin and stderr are terminals and nothing forbade it. A command whose
// stdout is data, usually redirected (a --batch's results), asks there:
// the person is at the terminal on stdin and stderr whatever stdout is.
func (s *IOStreams) CanPromptOnStderr() bool {
	return !s.neverPrompt && s.stdinTTY && s.stderrTTY && !s.InBackground()
}

// ColorScheme returns the palette for stdout.
func (s *IOStreams) ColorScheme() *ColorScheme { return &ColorScheme{enabled: s.colorEnabled} }

// ErrColorScheme returns the palette for stderr, which may be a terminal
// while stdout is a pipe.
func (s *IOStreams) ErrColorScheme() *ColorScheme {
	return &ColorScheme{enabled: (s.stderrTTY || s.colorForced) && !s.colorDisabled}
}
