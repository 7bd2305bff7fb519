package renew

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// OpenBrowser opens url in a browser and returns at once: it never waits
// for the browser, so a script with --open is not held up. $BROWSER, when
// set, wins, as it does for other command-line tools.
//
// A Bihu page link carries the session token, and an opener's arguments
// are visible to every user of the machine (ps, /proc/PID/cmdline) for as
// long as the browser runs. So the link never goes on a command line: it
// is written to a small page that redirects to it (redirectPage), private
// to the user, and the opener is given the page's path, as Jupyter does
// for its token links.
func OpenBrowser(url string) error {
	dir, err := redirectDir()
	if err != nil {
		return err
	}
	removeStaleRedirects(dir, time.Now())
	page, err := writeRedirect(dir, url)
	if err != nil {
		return err
	}
	path, args, err := findOpener(runtime.GOOS, os.Getenv("BROWSER"), page)
	if err != nil {
		_ = os.Remove(page)
		return err
	}
	cmd := exec.Command(path, args...)
	// Without stdio the opener's own chatter cannot mix into stdout, and
	// it cannot read a terminal that may be running a script.
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
	if err := cmd.Start(); err != nil {
		_ = os.Remove(page)
		return err
	}
	go func() { _ = cmd.Wait() }() // reap it whenever it ends; nobody waits
	return nil
}

// findOpener is the program to open page with and its arguments. $BROWSER
// is read as the convention other tools follow: a colon-separated list of
// commands (on Windows a single one), the first installed wins, and %s in
// one stands for the page (%% for a percent sign); without %s the page
// is its last argument. Otherwise the system's opener.
func findOpener(goos, browserEnv, page string) (string, []string, error) {
	var candidates []string
	if strings.TrimSpace(browserEnv) != "" {
		candidates = []string{browserEnv}
		if goos != "windows" {
			candidates = strings.Split(browserEnv, ":")
		}
	}
	var tried []string
	for _, c := range candidates {
		f := strings.Fields(c)
		if len(f) == 0 {
			continue
		}
		tried = append(tried, f[0])
		path, err := exec.LookPath(f[0])
		if err != nil {
			continue
		}
		args, placed := make([]string, 0, len(f)), false
		for _, a := range f[1:] {
			if strings.Contains(a, "%s") {
				placed = true
			}
			args = append(args, strings.NewReplacer("%s", page, "%%", "%").Replace(a))
		}
		if !placed {
			args = append(args, page)
		}
		return path, args, nil
	}
	if len(tried) > 0 {
		return "", nil, errors.New("no browser in $BROWSER is installed (" + strings.Join(tried, ", ") + ")")
	}
	name, args := systemOpener(goos)
	path, err := exec.LookPath(name)
	if err != nil {
		return "", nil, errors.New("no browser opener found (" + name + " is not installed)")
	}
	return path, append(args, page), nil
}

func systemOpener(goos string) (string, []string) {
	switch goos {
	case "darwin":
		return "open", nil
	case "windows":
		return "rundll32", []string{"url.dll,FileProtocolHandler"}
	}
	return "xdg-open", nil
}

// redirectPrefix starts the name of every redirect page, so that the
// clean-up removes nothing else.
const redirectPrefix = "renew-open-"

// redirectStaleAfter is how old a redirect page must be before a later
// --open removes it. The opener returns before the browser has read the
// page (a browser starting cold can take many seconds), so a page cannot
// be removed at once; nor can insure wait, as --open must not hold up a
// script. Until then the page holds the link as the token cache holds the
// token: in a file of mode 0600 that only the user can read.
const redirectStaleAfter = 10 * time.Minute

// redirectDir is the directory of redirect pages, created mode 0700:
// insure/open under the user's cache directory ($XDG_CACHE_HOME,
// ~/.cache, ~/Library/Caches, %LocalAppData%).
func redirectDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no private directory for the page that opens the link: %w", err)
	}
	dir := filepath.Join(base, "insure", "open")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating %s for the page that opens the link: %w", dir, err)
	}
	// MkdirAll leaves an existing directory's mode as it is.
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s, for the page that opens the link, is not a directory", dir)
	}
	if fi.Mode().Perm() != 0o700 {
		if err := os.Chmod(dir, 0o700); err != nil {
			return "", fmt.Errorf("making %s private (mode 0700): %w", dir, err)
		}
	}
	return dir, nil
}

// writeRedirect writes a page that redirects to url into dir, mode 0600,
// and returns its path.
func writeRedirect(dir, url string) (string, error) {
	// CreateTemp opens with O_EXCL and mode 0600, so the link is never
	// readable by others, not even for a moment.
	f, err := os.CreateTemp(dir, redirectPrefix+"*.html")
	if err != nil {
		return "", fmt.Errorf("writing the page that opens the link: %w", err)
	}
	_, werr := f.WriteString(redirectPage(url))
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("writing the page that opens the link: %w", werr)
	}
	return f.Name(), nil
}

// redirectPage is an HTML page that sends the browser on to url:
// location.replace, so that the page does not stay in the tab's history,
// a meta refresh where scripts are off, and a link where both are.
func redirectPage(url string) string {
	// json.Marshal escapes <, > and &, so the string cannot end the script.
	js, _ := json.Marshal(url)
	attr := html.EscapeString(url)
	return `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=` + attr + `">
<title>Opening the Bihu page</title>
<script>location.replace(` + string(js) + `)</script>
</head><body><p><a href="` + attr + `">Open the Bihu page</a></p></body></html>
`
}

// removeStaleRedirects removes the redirect pages in dir older than
// redirectStaleAfter: their browsers have long read them.
func removeStaleRedirects(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), redirectPrefix) || !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.Mode().IsRegular() && now.Sub(fi.ModTime()) > redirectStaleAfter {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
