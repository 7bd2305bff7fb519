package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Sunshine's underwriting (120) whose answer is lost after the platform
// acted: the rerun sends the same 120 again, goes on to issue, and the
// journal then holds no 120 in doubt (find said "outcome unknown:
// underwritten" of an issued session).
func TestSunshineLostUnderwritingIsSettledByTheRerun(t *testing.T) {
	u := newUser(t)
	p, url := newHostileProxy(t, serveSandbox(t, u), sunshineIs("120"))
	env := []string{"INSURE_SANDBOX_URL=" + url}
	dir := t.TempDir()
	files := map[string]string{}
	for _, name := range []string{"answers-quote", "answers-issue"} {
		r := u.run("", nil, "example", "sunshine", name)
		files[name] = filepath.Join(dir, name+".yaml")
		if err := os.WriteFile(files[name], []byte(r.stdout), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	q := u.run("", env, "-p", "sandbox", "quote", "--provider", "sunshine", "--plate", "冀A00021", "--city", "07518800",
		"--owner", "张三", "--mobile", "13800000000", "-f", files["answers-quote"], "--jq", ".sessionId")
	session := strings.TrimSpace(q.stdout)
	if q.code != 0 || session == "" {
		t.Fatalf("quote: exit %d\n%s", q.code, q.stderr)
	}
	args := []string{"-p", "sandbox", "issue", "--provider", "sunshine", "--session", session, "-f", files["answers-issue"],
		"--check-pay-no", "B5000M386466139260786", "--yes"}
	p.set("5xx")
	r := u.run("", env, append([]string{"--timeout", "2s"}, args...)...)
	p.set("")
	if r.code != 5 || unknownRows(t, u, env, "txn.120") == "0" {
		t.Fatalf("lost 120: exit %d, %s unknown 120 rows\n%s", r.code, unknownRows(t, u, env, "txn.120"), r.stderr)
	}
	r2 := u.run("", env, args...)
	if r2.code != 0 || !strings.Contains(r2.stdout, `"policyNos"`) {
		t.Fatalf("rerun: exit %d\n%s%s", r2.code, r2.stdout, r2.stderr)
	}
	for _, op := range []string{"txn.120", "txn.125", "txn.130"} {
		if n := unknownRows(t, u, env, op); n != "0" {
			story := u.run("", env, "-p", "sandbox", "find", session, "-o", "json", "--jq", ".state")
			t.Errorf("%s %s rows still unknown after the rerun (find says %s)", n, op, strings.TrimSpace(story.stdout+story.stderr))
		}
	}
}
