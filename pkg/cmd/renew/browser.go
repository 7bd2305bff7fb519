package renew

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// OpenBrowser hands url to the system's opener (xdg-open, open, rundll32)
// and returns at once: it never waits for the browser, so a script with
// --open is not held up. $BROWSER, when set, wins, as it does for other
// command-line tools.
func OpenBrowser(url string) error {
	name, args := opener(runtime.GOOS, os.Getenv("BROWSER"))
	path, err := exec.LookPath(name)
	if err != nil {
		return errors.New("no browser opener found (" + name + " is not installed)")
	}
	cmd := exec.Command(path, append(args, url)...)
	// Without stdio the opener's own chatter cannot mix into stdout, and
	// it cannot read a terminal that may be running a script.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { _ = cmd.Wait() }() // reap it whenever it ends; nobody waits
	return nil
}

func opener(goos, browserEnv string) (string, []string) {
	if f := strings.Fields(browserEnv); len(f) > 0 {
		return f[0], f[1:]
	}
	switch goos {
	case "darwin":
		return "open", nil
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler"}
	}
	return "xdg-open", nil
}
