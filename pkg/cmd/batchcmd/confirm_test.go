package batchcmd_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/cancel"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmd/issue"
	"github.com/insurekit/insure/pkg/cmd/vinreport/buy"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/ebao"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/spf13/cobra"
)

// act is a command that acts in a batch: how to build it, its arguments,
// a batch of two lines for it, and the path its requests go to.
type act struct {
	name  string
	cmd   func(f *cmdutil.Factory) *cobra.Command
	args  []string
	lines func(t *testing.T) string
	path  string
}

var acts = []act{
	{"issue", func(f *cmdutil.Factory) *cobra.Command { return issue.NewCmdIssue(f, nil) }, []string{"--provider", "ebao"},
		func(t *testing.T) string {
			raw, err := os.ReadFile(filepath.Join("..", "..", "..", "examples", "ebao", "issue.json"))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := json.Compact(&b, raw); err != nil {
				t.Fatal(err)
			}
			body := strings.TrimPrefix(b.String(), "{")
			return `{"quotationNumber":"Q2701160000000001",` + body + "\n" + `{"quotationNumber":"Q2701160000000002",` + body + "\n"
		}, ebao.PathIssuance},
	{"cancel", func(f *cmdutil.Factory) *cobra.Command { return cancel.NewCmdCancel(f, nil) }, []string{"--provider", "ebao"},
		func(*testing.T) string { return "policy_number\nP2701160000000001\nP2701160000000002\n" }, ebao.PathCancellation},
	{"vin-report buy", func(f *cmdutil.Factory) *cobra.Command { return buy.NewCmdBuy(f, nil) }, nil,
		func(*testing.T) string { return "vin,brand_factory\nLSVAU2180N2100001,20\nLSVAU2180N2100002,20\n" }, paoding.PathReportBuy},
}

func (a act) run(t *testing.T, e *cmdtest.Env, batch string) error {
	t.Helper()
	cmd := a.cmd(e.F)
	cmd.SetArgs(append(append([]string(nil), a.args...), "--batch", batch))
	cmd.SetOut(e.Out)
	cmd.SetErr(e.ErrOut)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	return cmd.ExecuteContext(t.Context())
}

func (a act) file(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "lines")
	if err := os.WriteFile(p, []byte(a.lines(t)), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (a act) sent(e *cmdtest.Env) int {
	n := 0
	for _, p := range e.ReceivedPaths() {
		if strings.HasSuffix(p, a.path) {
			n++
		}
	}
	return n
}

// screen is stderr on a terminal: it tells when something is drawn on
// it. Nothing else is written there before the prompt (the progress bar
// starts after it); the question's text itself is not drawn until the
// terminal's size is known, which a buffer never tells.
type screen struct {
	mu    sync.Mutex
	b     bytes.Buffer
	shown chan struct{}
	once  sync.Once
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.once.Do(func() { close(s.shown) })
	return s.b.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A batch's stdout is its results, redirected to a file, while the person
// is at the terminal on stdin and stderr: the batch asks there, with the
// prompter the binary uses, and the results file gets the results only.
func TestBatchOfActsAsksOnStderrWhenStdoutIsRedirected(t *testing.T) {
	for _, a := range acts {
		for _, answer := range []string{"y", "n"} {
			t.Run(a.name+"/"+answer, func(t *testing.T) {
				e := cmdtest.New(t, cmdtest.Options{TTY: true})
				ios := e.F.IOStreams
				ios.SetStdoutTTY(false) // insure ... --batch FILE > results.jsonl
				scr := &screen{shown: make(chan struct{})}
				ios.ErrOut = scr
				typing, keys := io.Pipe()
				defer keys.Close()
				ios.In = typing
				e.F.Prompter = factory.NewWith("test", factory.Options{Context: t.Context(), IOStreams: ios}).Prompter
				go func() {
					// The answer is typed once the prompt is on the screen.
					select {
					case <-scr.shown:
						_, _ = keys.Write([]byte(answer))
					case <-time.After(20 * time.Second):
						_ = keys.CloseWithError(errors.New("no prompt on stderr"))
					}
				}()
				err := a.run(t, e, a.file(t))
				select {
				case <-scr.shown:
				default:
					t.Fatalf("no prompt on stderr (exit %d: %v): %q", cmdutil.ExitCode(err), err, scr)
				}
				if strings.Contains(e.Out.String(), "\x1b") {
					t.Errorf("the prompt reached stdout: %q", e.Out)
				}
				if answer == "n" {
					if cmdutil.ExitCode(err) != 0 || !errors.As(err, &cmdutil.Declined{}) || a.sent(e) != 0 || e.Out.Len() != 0 {
						t.Fatalf("declined: exit %d (%v), %d sent, stdout %q", cmdutil.ExitCode(err), err, a.sent(e), e.Out)
					}
					return
				}
				if a.sent(e) != 2 {
					t.Fatalf("confirmed: %d of 2 lines sent (exit %d: %v)\n%s", a.sent(e), cmdutil.ExitCode(err), err, scr)
				}
				lines := cmdtest.JSONLines[map[string]any](t, e.Out.String())
				if len(lines) != 2 {
					t.Fatalf("stdout holds %d lines, want one per input line: %q", len(lines), e.Out)
				}
			})
		}
	}
}

// Without a person to ask (no terminal, or --no-input), a batch of acts
// without --yes stops before it reads a line, as before: exit 2, nothing
// sent, the same message.
func TestBatchOfActsWithoutATerminalNeedsYes(t *testing.T) {
	for _, a := range acts {
		for name, setup := range map[string]func(e *cmdtest.Env){
			"pipes":              func(*cmdtest.Env) {},
			"terminal, no-input": func(e *cmdtest.Env) { e.F.IOStreams.SetStdoutTTY(false); e.F.IOStreams.SetNeverPrompt(true) },
			"stderr redirected":  func(e *cmdtest.Env) { e.F.IOStreams.SetStderrTTY(false) }, // 2> log: a prompt there would be invisible
		} {
			t.Run(a.name+"/"+name, func(t *testing.T) {
				e := cmdtest.New(t, cmdtest.Options{TTY: name != "pipes"})
				setup(e)
				err := a.run(t, e, a.file(t))
				if cmdutil.ExitCode(err) != 2 || err.Error() != "--yes is required when not running interactively" {
					t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
				}
				if a.sent(e) != 0 || e.Out.Len() != 0 || len(e.Prompts.Asked) != 0 {
					t.Fatalf("sent %d, asked %q, stdout %q", a.sent(e), e.Prompts.Asked, e.Out)
				}
			})
		}
	}
}

// With --batch - stdin is the requests, so it cannot also answer: on a
// terminal the batch asks nothing and, without --yes, reads nothing.
func TestBatchOfActsFromStdinNeedsYesOnATerminal(t *testing.T) {
	for _, a := range acts {
		t.Run(a.name, func(t *testing.T) {
			e := cmdtest.New(t, cmdtest.Options{TTY: true})
			e.In.WriteString(a.lines(t))
			err := a.run(t, e, "-")
			if cmdutil.ExitCode(err) != 2 || !strings.Contains(err.Error(), "--yes is required with --batch -") {
				t.Fatalf("exit %d: %v", cmdutil.ExitCode(err), err)
			}
			if a.sent(e) != 0 || e.Out.Len() != 0 || len(e.Prompts.Asked) != 0 {
				t.Fatalf("sent %d, asked %q, stdout %q", a.sent(e), e.Prompts.Asked, e.Out)
			}
			if strings.Contains(e.ErrOut.String(), "reading requests from the terminal") {
				t.Errorf("stderr says the batch reads the terminal, then stops: %q", e.ErrOut)
			}
		})
	}
}
