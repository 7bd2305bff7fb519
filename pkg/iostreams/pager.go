package iostreams

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
)

// DefaultPager pages when neither INSURE_PAGER nor PAGER is set, as git
// does: F quits at once when the output fits on one screen, R passes
// colours, X leaves the output on the screen after q.
const DefaultPager = "less -FRX"

// ErrClosedPagerPipe is a write to a pager that has ended: the person
// quit it (q) before reading everything. It is not a failure of the
// command; PagerQuit tells it apart.
type ErrClosedPagerPipe struct{ error }

func (e *ErrClosedPagerPipe) Unwrap() error { return e.error }

// PagerQuit says whether err is a write to a pager the person quit
// early: the command succeeded, its exit code is 0.
func PagerQuit(err error) bool {
	var closed *ErrClosedPagerPipe
	return errors.As(err, &closed)
}

// pagerFromEnv picks the pager as gh does, INSURE_PAGER first, then
// PAGER; a variable set to "" or "cat" turns paging off. chosen is false
// when neither is set: the default then pages only for a person at the
// terminal (see StartPager).
func pagerFromEnv(lookup func(string) (string, bool)) (command string, chosen bool) {
	for _, name := range []string{"INSURE_PAGER", "PAGER"} {
		if v, ok := lookup(name); ok {
			v = strings.TrimSpace(v)
			if v == "cat" {
				v = ""
			}
			return v, true
		}
	}
	return DefaultPager, false
}

// SetPager sets the pager command, as if INSURE_PAGER held it ("" or
// "cat": none). Streams from Test have none.
func (s *IOStreams) SetPager(command string) {
	s.pagerCommand, s.pagerChosen = strings.TrimSpace(command), true
	if s.pagerCommand == "cat" {
		s.pagerCommand = ""
	}
}

// switchedStdout is the process's stdout as System binds it: it writes
// to the terminal, or while a pager runs to the pager. Whatever wraps Out
// (the factory's masking of secrets) stays in front of the pager.
type switchedStdout struct {
	mu   sync.Mutex
	file *os.File
	to   io.Writer
}

func (w *switchedStdout) Write(p []byte) (int, error) {
	w.mu.Lock()
	to := w.to
	w.mu.Unlock()
	return to.Write(p)
}

func (w *switchedStdout) set(to io.Writer) {
	w.mu.Lock()
	w.to = to
	w.mu.Unlock()
}

// pager is a pager process, started by the first write to it.
type pager struct {
	cmd  *exec.Cmd
	once sync.Once
	// in is the pager's input once it runs (nil: not started, or it
	// could not start and direct takes the output).
	in     io.WriteCloser
	direct io.Writer
	errOut io.Writer
	// out is what Out was before the pager started (streams not from
	// System), restored by StopPager.
	out io.Writer
}

// StartPager sends what is written to Out from now on through the pager,
// until StopPager. It does nothing when stdout is not a terminal, when
// the pager is none, or when the process is a background job (the pager
// would be stopped by the terminal). The default pager (neither variable
// set) also waits for a person: stdin a terminal, no --no-input or CI,
// and less installed. A pager that cannot start is an error; the
// caller warns and prints without it.
func (s *IOStreams) StartPager() error {
	command := s.pagerCommand
	if s.pager != nil || command == "" || !s.stdoutTTY || s.InBackground() {
		return nil
	}
	if !s.pagerChosen && !s.CanPrompt() {
		return nil
	}
	if name := firstWord(command); name != "" {
		// Through the shell a missing pager is exit 127 after the output
		// went into it: nothing would show, and nothing would say why.
		if _, err := exec.LookPath(name); err != nil {
			if !s.pagerChosen {
				return nil // no less: the default is no pager
			}
			return err
		}
	}
	shell, flag := "sh", "-c"
	if runtime.GOOS == "windows" {
		shell, flag = "cmd", "/c"
	}
	cmd := exec.Command(shell, flag, command)
	cmd.Env = os.Environ()
	if _, ok := os.LookupEnv("LESS"); !ok {
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	if _, ok := os.LookupEnv("LV"); !ok {
		cmd.Env = append(cmd.Env, "LV=-c")
	}
	// insure writes UTF-8 whatever the locale; under LANG=C (a bare
	// ssh session, a container) less would show each Chinese character
	// as <E4><BA><AC> and widen the table past the terminal.
	_, charset := os.LookupEnv("LESSCHARSET")
	_, chardef := os.LookupEnv("LESSCHARDEF")
	if !charset && !chardef {
		cmd.Env = append(cmd.Env, "LESSCHARSET=utf-8")
	}
	// The pager draws on the terminal itself: given a pipe, less pages
	// nothing and behaves as cat.
	cmd.Stdout, cmd.Stderr = s.Out, s.ErrOut
	direct := s.Out
	if s.stdout != nil {
		cmd.Stdout, direct = s.stdout.file, s.stdout.file
	}
	// The pager starts with the first output: a list with nothing in it
	// (its reason goes to stderr) must not open an empty pager screen
	// that hides the reason until q (less without -F).
	p := &pager{cmd: cmd, direct: direct, errOut: s.ErrOut}
	w := &pagerWriter{p: p}
	if s.stdout != nil {
		s.stdout.set(w)
	} else {
		p.out, s.Out = s.Out, w
	}
	s.pager = p
	return nil
}

// start runs the pager; when it cannot, output goes straight to the
// terminal after a warning.
func (p *pager) start() {
	p.once.Do(func() {
		in, err := p.cmd.StdinPipe()
		if err == nil {
			err = p.cmd.Start()
		}
		if err != nil {
			fmt.Fprintf(p.errOut, "warning: cannot start the pager (INSURE_PAGER or PAGER): %v; printing without it\n", err)
			return
		}
		p.in = in
	})
}

// StopPager closes the pager's input and waits for the person to quit
// it; Out writes where it did before StartPager. Call it before writing
// anything more to stderr, so that it shows below the paged output.
func (s *IOStreams) StopPager() {
	p := s.pager
	if p == nil {
		return
	}
	s.pager = nil
	if p.in != nil {
		_ = p.in.Close()
		// A pager quit with q, or one that failed, is not the command's
		// failure: what it was given was written.
		_ = p.cmd.Wait()
	}
	if s.stdout != nil {
		s.stdout.set(s.stdout.file)
	} else {
		s.Out = p.out
	}
}

// IsPaging says whether a pager is running.
func (s *IOStreams) IsPaging() bool { return s.pager != nil }

// pagerWriter is the pager's input: a write after the pager ended (the
// broken pipe) is an ErrClosedPagerPipe.
type pagerWriter struct{ p *pager }

func (w *pagerWriter) Write(b []byte) (int, error) {
	w.p.start()
	if w.p.in == nil {
		return w.p.direct.Write(b)
	}
	n, err := w.p.in.Write(b)
	if err != nil && (errors.Is(err, io.ErrClosedPipe) || errors.Is(err, syscall.EPIPE) || errors.Is(err, os.ErrClosed)) {
		return n, &ErrClosedPagerPipe{err}
	}
	return n, err
}

// firstWord is the program a simple pager command runs ("less" of
// "less -S"), or "" when the shell decides it (an assignment, a quote,
// a pipeline): then the shell's own error tells.
func firstWord(command string) string {
	fields := strings.Fields(command)
	if len(fields) == 0 || strings.ContainsAny(fields[0], "=\"'`$|&;<>()\\") {
		return ""
	}
	return fields[0]
}
