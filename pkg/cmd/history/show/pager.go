package show

import (
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// pagerCommand is the pager to show an entry through on a terminal, as gh
// chooses it: INSURE_PAGER, then PAGER; empty or "cat" means none.
func pagerCommand(getenv func(string) string) string {
	for _, name := range []string{"INSURE_PAGER", "PAGER"} {
		if v, ok := lookup(getenv, name); ok {
			v = strings.TrimSpace(v)
			if v == "" || v == "cat" {
				return ""
			}
			return v
		}
	}
	return ""
}

func lookup(getenv func(string) string, name string) (string, bool) {
	if getenv != nil {
		v := getenv(name)
		return v, v != ""
	}
	return os.LookupEnv(name)
}

// startPager runs cmdline through the shell with out as its output and
// returns the writer to print to and a function that waits for the pager
// to end. LESS and LV get gh's defaults, so colours pass and a short
// entry does not wait for q.
func startPager(cmdline string, out, errOut io.Writer) (io.Writer, func() error, error) {
	shell, flag := "sh", "-c"
	if runtime.GOOS == "windows" {
		shell, flag = "cmd", "/c"
	}
	cmd := exec.Command(shell, flag, cmdline)
	cmd.Stdout, cmd.Stderr = out, errOut
	cmd.Env = os.Environ()
	if _, ok := os.LookupEnv("LESS"); !ok {
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	if _, ok := os.LookupEnv("LV"); !ok {
		cmd.Env = append(cmd.Env, "LV=-c")
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	return in, func() error {
		in.Close()
		return cmd.Wait()
	}, nil
}
