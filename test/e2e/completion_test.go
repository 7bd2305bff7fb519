package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// complete runs bash's completion of line (the cursor at its end) with
// insure's generated script, as a user pressing TAB would.
func (u *user) complete(t *testing.T, line string) []string {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	const bashCompletion = "/usr/share/bash-completion/bash_completion"
	if _, err := os.Stat(bashCompletion); err != nil {
		t.Skip("bash-completion is not installed (.ci/run installs it)")
	}
	dir := t.TempDir()
	if err := os.Symlink(bin, filepath.Join(dir, "insure")); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join("..", "..", "completions", "insure.bash")
	prog := `
source ` + bashCompletion + `
source "$SCRIPT"
COMP_LINE="$LINE"
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$LINE"
[ "${LINE: -1}" = " " ] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
__start_insure insure
printf '%s\n' "${COMPREPLY[@]}"
`
	cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
	cmd.Env = append(append([]string{}, u.env...), "PATH="+dir+":"+os.Getenv("PATH"), "SCRIPT="+script, "LINE="+line)
	// compopt complains on stderr outside a real completion; only stdout
	// carries the candidates.
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, stderr.String())
	}
	return strings.Fields(string(out))
}

func TestBashCompletesProfilesAndFactoryIDs(t *testing.T) {
	u := newUser(t)
	if r := u.run("", nil, "profile", "add", "staging", "--set", "paoding.username=acme"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	got := u.complete(t, "insure -p ")
	if !contains(got, "sandbox") || !contains(got, "staging") {
		t.Fatalf("profiles: %v", got)
	}
	// Nothing cached yet: no ids, and no network call to find some.
	if got := u.complete(t, "insure -p sandbox vin-report factories get "); len(got) != 0 {
		t.Fatalf("ids before caching: %v", got)
	}
	if r := u.run("", nil, "-p", "sandbox", "vin-report", "factories"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	got = u.complete(t, "insure -p sandbox vin-report factories get ")
	if !contains(got, "20") || !contains(got, "30") {
		t.Fatalf("factory ids: %v", got)
	}
	got = u.complete(t, "insure -p sandbox vin-report buy --brand-factory ")
	if !contains(got, "20") {
		t.Fatalf("--brand-factory: %v", got)
	}
	r := u.run("", nil, "-p", "sandbox", "history", "list", "--jq", "length")
	if strings.TrimSpace(r.stdout) != "2" { // the factories list and its token
		t.Fatalf("completion made requests: %s", r.stdout)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestBashCompletesSessionsQuotationsAndPolicies(t *testing.T) {
	u := newUser(t)
	r := u.run("", nil, "-p", "sandbox", "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800",
		"--owner", "张三", "--mobile", "13800000000", "-f", filepath.Join("..", "..", "examples", "sunshine", "answers-quote.yaml"), "--jq", ".sessionId")
	if r.code != 0 {
		t.Fatal(r.stderr)
	}
	session := strings.TrimSpace(r.stdout)
	if got := u.complete(t, "insure -p sandbox issue --provider sunshine --session "); !contains(got, session) {
		t.Fatalf("sessions: %v, want %s", got, session)
	}
	quote := filepath.Join("..", "..", "examples", "ebao", "quote.json")
	r = u.run("", nil, "-p", "sandbox", "quote", "--provider", "ebao", "-f", quote, "--jq", ".quotationNumber")
	q := strings.TrimSpace(r.stdout)
	if got := u.complete(t, "insure -p sandbox issue --provider ebao --quote "); !contains(got, q) {
		t.Fatalf("quotations: %v, want %s", got, q)
	}
	r = u.run("", nil, "-p", "sandbox", "issue", "--provider", "ebao", "-f", quote, "--quote", q, "--yes", "--jq", ".policyNumber")
	p := strings.TrimSpace(r.stdout)
	if r.code != 0 || p == "" {
		t.Fatalf("issue: %s %s", r.stdout, r.stderr)
	}
	if got := u.complete(t, "insure -p sandbox cancel --provider ebao "); !contains(got, p) {
		t.Fatalf("policies: %v, want %s", got, p)
	}
}

// A bad INSURE_ setting does not reach the command line through
// completion: the root's checks ran for the shell's __complete too, and
// its JSON error was read as candidates (bash put {"error":... into the
// line). Completion takes what it can and says nothing.
func TestBadEnvironmentDoesNotBreakCompletion(t *testing.T) {
	for _, env := range []string{"INSURE_TIMEOUT=-5s", "INSURE_TIMEOUT=abc", "INSURE_VERBOSE=maybe"} {
		u := newUser(t)
		u.env = append(u.env, env)
		got := u.complete(t, "insure vin-report ")
		if !contains(got, "buy") || !contains(got, "get") {
			t.Errorf("%s: candidates %v", env, got)
		}
		for _, c := range got {
			if strings.Contains(c, "error") || strings.Contains(c, "{") {
				t.Errorf("%s: candidate %q", env, c)
			}
		}
	}
}
