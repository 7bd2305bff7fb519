package renew

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/config"
)

// fakeBrowser sets $BROWSER to a script that writes its arguments, one a
// line, to the file it returns (once, whole), and the user cache
// directory to a directory of the test's.
func fakeBrowser(t *testing.T) (record, cache string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake browser is a shell script")
	}
	dir := t.TempDir()
	record, cache = filepath.Join(dir, "argv"), filepath.Join(dir, "cache")
	script := filepath.Join(dir, "browser")
	body := "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + record + ".tmp' && mv '" + record + ".tmp' '" + record + "'\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", script)
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", dir) // where XDG_CACHE_HOME is not read (macOS)
	return record, cache
}

// waitArgv waits for the fake browser's record: the opener is started and
// not waited for.
func waitArgv(t *testing.T, record string) []string {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(record); err == nil {
			return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		}
	}
	t.Fatal("the browser was not started")
	return nil
}

// `renew --open`: the browser's command line (what ps shows to every user
// for the browser's life) holds no token, only the path of a page, mode
// 0600 in a directory of mode 0700, that redirects to the quote page.
func TestOpenKeepsTokenOffTheBrowsersCommandLine(t *testing.T) {
	record, _ := fakeBrowser(t)
	e := newEnv(t, false)
	var link string
	cmd := NewCmdRenew(e.F, func(o *Options) error {
		o.Browser = func(u string) error { link = u; return OpenBrowser(u) }
		return Run(o)
	})
	cmd.SetArgs([]string{"--plate", "京J97896", "--open"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	tok, _ := e.Store.TokenCache(config.SandboxProfile, "bihu").Load(t.Context())
	if tok.Value == "" || !strings.Contains(link, "Token="+tok.Value) {
		t.Fatalf("the link to open, %q, does not carry the session token", link)
	}
	argv := waitArgv(t, record)
	for _, a := range argv {
		if strings.Contains(a, tok.Value) || strings.Contains(a, "Token=") {
			t.Fatalf("the browser's command line holds the token: %q", strings.ReplaceAll(strings.Join(argv, " "), tok.Value, "****"))
		}
	}
	if len(argv) != 1 || !strings.HasSuffix(argv[0], ".html") {
		t.Fatalf("the browser was given %q, not one page", argv)
	}
	fi, err := os.Stat(argv[0])
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the page %s: %v, mode %v; want 0600", argv[0], err, fi)
	}
	if di, err := os.Stat(filepath.Dir(argv[0])); err != nil || di.Mode().Perm() != 0o700 {
		t.Fatalf("the page's directory: %v, mode %v; want 0700", err, di)
	}
	page, _ := os.ReadFile(argv[0])
	js, _ := json.Marshal(link)
	if !strings.Contains(string(page), "location.replace("+string(js)+")") || !strings.Contains(string(page), `content="0;url=`+html.EscapeString(link)+`"`) {
		t.Fatalf("the page does not redirect to the link:\n%s", page)
	}
}

// A later --open removes the pages older than redirectStaleAfter (their
// browsers have read them) and leaves the recent ones, which a browser
// still starting may not have read yet.
func TestOpenRemovesStaleRedirectPages(t *testing.T) {
	record, _ := fakeBrowser(t)
	dir, err := redirectDir()
	if err != nil {
		t.Fatal(err)
	}
	old, recent, other := filepath.Join(dir, redirectPrefix+"old.html"), filepath.Join(dir, redirectPrefix+"recent.html"), filepath.Join(dir, "notes.html")
	for _, p := range []string{old, recent, other} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-redirectStaleAfter - time.Minute)
	for _, p := range []string{old, other} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	if err := OpenBrowser("http://127.0.0.1:1/DoQuote/Index?Token=t0ken-for-test"); err != nil {
		t.Fatal(err)
	}
	waitArgv(t, record)
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("a stale page was left: %v", err)
	}
	for _, p := range []string{recent, other} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s was removed: %v", filepath.Base(p), err)
		}
	}
}

// A redirect directory someone left readable by others is made private
// again before a page is written into it.
func TestRedirectDirIsMadePrivate(t *testing.T) {
	fakeBrowser(t)
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(cache, "insure", "open")
	if err := os.MkdirAll(loose, 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(loose, 0o755)
	dir, err := redirectDir()
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || dir != loose || fi.Mode().Perm() != 0o700 {
		t.Fatalf("%s: %v, mode %v; want %s mode 0700", dir, err, fi, loose)
	}
}
