package iostreams

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pagerScript writes a pager that copies its input, prefixed with
// "paged:", to a file, and returns the command and the file.
func pagerScript(t *testing.T) (command, file string) {
	t.Helper()
	dir := t.TempDir()
	file = filepath.Join(dir, "paged.txt")
	script := filepath.Join(dir, "pager.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nsed 's/^/paged:/' > \"$1\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return script + " " + file, file
}

func TestPagerFromEnv(t *testing.T) {
	for _, c := range []struct {
		env     map[string]string
		command string
		chosen  bool
	}{
		{map[string]string{}, DefaultPager, false},
		{map[string]string{"PAGER": "more"}, "more", true},
		{map[string]string{"INSURE_PAGER": "less -S", "PAGER": "more"}, "less -S", true},
		{map[string]string{"INSURE_PAGER": "", "PAGER": "more"}, "", true},
		{map[string]string{"INSURE_PAGER": "cat"}, "", true},
		{map[string]string{"PAGER": " "}, "", true},
	} {
		command, chosen := pagerFromEnv(func(name string) (string, bool) { v, ok := c.env[name]; return v, ok })
		if command != c.command || chosen != c.chosen {
			t.Errorf("%v: %q %v, want %q %v", c.env, command, chosen, c.command, c.chosen)
		}
	}
}

func TestPagerOnATerminalGetsTheOutput(t *testing.T) {
	s, _, out, _ := Test()
	s.SetStdoutTTY(true)
	command, file := pagerScript(t)
	s.SetPager(command)
	if err := s.StartPager(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(s.Out, "row 1")
	s.StopPager()
	fmt.Fprintln(s.Out, "after")
	got, err := os.ReadFile(file)
	if err != nil || string(got) != "paged:row 1\n" {
		t.Fatalf("pager got %q, %v", got, err)
	}
	if out.String() != "after\n" {
		t.Errorf("stdout %q: Out is not stdout again after StopPager", out.String())
	}
}

func TestNoPagerInAPipeOrForCat(t *testing.T) {
	for _, c := range []struct {
		tty   bool
		pager string
	}{{false, "script"}, {true, "cat"}, {true, ""}, {true, " cat "}} {
		s, _, out, _ := Test()
		s.SetStdoutTTY(c.tty)
		command, file := pagerScript(t)
		if c.pager != "script" {
			command = c.pager
		}
		s.SetPager(command)
		if err := s.StartPager(); err != nil || s.IsPaging() {
			t.Fatalf("%+v: paging %v, %v", c, s.IsPaging(), err)
		}
		fmt.Fprintln(s.Out, "row 1")
		s.StopPager()
		if _, err := os.Stat(file); err == nil || out.String() != "row 1\n" {
			t.Errorf("%+v: paged (stdout %q)", c, out.String())
		}
	}
}

// A pager quit at once (q on the first screen) makes the next write an
// ErrClosedPagerPipe, which PagerQuit recognises, not a bare EPIPE.
func TestPagerQuitEarlyIsRecognised(t *testing.T) {
	s, _, _, _ := Test()
	s.SetStdoutTTY(true)
	s.SetPager("true")
	if err := s.StartPager(); err != nil {
		t.Fatal(err)
	}
	var err error
	row := strings.Repeat("x", 1023) + "\n"
	for i := 0; i < 1024 && err == nil; i++ { // 1 MiB: more than a pipe holds
		_, err = fmt.Fprint(s.Out, row)
	}
	s.StopPager()
	if err == nil || !PagerQuit(fmt.Errorf("printing: %w", err)) {
		t.Fatalf("write error %v is not a quit pager", err)
	}
}

// Without INSURE_PAGER or PAGER the default, less -FRX, pages for a
// person at the terminal only.
func TestDefaultPagerIsLessForAPerson(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "args.txt")
	less := "#!/bin/sh\necho \"$@\" > " + file + "\ncat >> " + file + "\n"
	if err := os.WriteFile(filepath.Join(dir, "less"), []byte(less), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	s, _, out, _ := Test()
	s.pagerCommand, s.pagerChosen = pagerFromEnv(func(string) (string, bool) { return "", false })
	s.SetStdoutTTY(true)
	s.SetNeverPrompt(true) // --no-input: nobody to press q
	s.SetStdinTTY(true)
	if err := s.StartPager(); err != nil || s.IsPaging() {
		t.Fatalf("paged with --no-input: %v", err)
	}
	s.SetNeverPrompt(false)
	if err := s.StartPager(); err != nil || !s.IsPaging() {
		t.Fatalf("not paged: %v", err)
	}
	fmt.Fprintln(s.Out, "row 1")
	s.StopPager()
	got, _ := os.ReadFile(file)
	if string(got) != "-FRX\nrow 1\n" || out.Len() != 0 {
		t.Errorf("less got %q, stdout %q", got, out.String())
	}
}

// A pager that is not installed is an error (the caller prints without
// it), not output poured into a shell that cannot run it.
func TestMissingPagerIsAnError(t *testing.T) {
	s, _, _, _ := Test()
	s.SetStdoutTTY(true)
	s.SetPager("no-such-pager-insure -R")
	if err := s.StartPager(); err == nil || s.IsPaging() {
		t.Fatalf("started %v", err)
	}
}

// System's stdout keeps whatever wraps Out (the masking of secrets) in
// front of the pager, and hands the pager the terminal itself.
func TestSystemStdoutPagesBehindItsWrapper(t *testing.T) {
	term, err := os.CreateTemp(t.TempDir(), "tty")
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	stdout := &switchedStdout{file: term, to: term}
	s := &IOStreams{Out: stdout, ErrOut: &bytes.Buffer{}, stdout: stdout}
	s.Out = upper{s.Out}
	s.SetStdoutTTY(true)
	s.SetPager("sed 's/^/paged:/'")
	if err := s.StartPager(); err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(s.Out, "secret")
	s.StopPager()
	fmt.Fprintln(s.Out, "after")
	got, _ := os.ReadFile(term.Name())
	if string(got) != "paged:SECRET\nAFTER\n" {
		t.Errorf("terminal got %q", got)
	}
}

type upper struct {
	w interface{ Write([]byte) (int, error) }
}

func (u upper) Write(p []byte) (int, error) { return u.w.Write(bytes.ToUpper(p)) }

// insure writes UTF-8 whatever the locale: the pager is told so unless
// the person set less's charset, or under LANG=C less shows 京 as
// <E4><BA><AC> and widens every table past the terminal.
func TestPagerIsToldTheOutputIsUTF8(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "utf-8"},
		{map[string]string{"LESSCHARSET": "latin1"}, "latin1"},
		{map[string]string{"LESSCHARDEF": "8bcccbcc18b95.."}, ""},
	} {
		t.Run(c.want, func(t *testing.T) {
			t.Setenv("LESSCHARSET", "")
			os.Unsetenv("LESSCHARSET")
			t.Setenv("LESSCHARDEF", "")
			os.Unsetenv("LESSCHARDEF")
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "charset.txt")
			script := filepath.Join(dir, "pager.sh")
			if err := os.WriteFile(script, []byte("#!/bin/sh\ncat >/dev/null; printf %s \"$LESSCHARSET\" > \"$1\"\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			s, _, _, _ := Test()
			s.SetStdoutTTY(true)
			s.SetPager(script + " " + file)
			if err := s.StartPager(); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(s.Out, "京A12345")
			s.StopPager()
			if got, err := os.ReadFile(file); err != nil || string(got) != c.want {
				t.Fatalf("LESSCHARSET %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

// An empty list says why on stderr; a pager started for it (less without
// -F) showed an empty screen that hid the reason until q. The pager runs
// only once there is output.
func TestPagerStartsWithTheFirstOutput(t *testing.T) {
	s, _, _, _ := Test()
	s.SetStdoutTTY(true)
	command, file := pagerScript(t)
	s.SetPager(command)
	if err := s.StartPager(); err != nil {
		t.Fatal(err)
	}
	s.StopPager()
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the pager ran for no output (%v)", err)
	}
}
