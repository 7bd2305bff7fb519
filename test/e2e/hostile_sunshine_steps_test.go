package e2e

import (
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
	session, files := quoteSunshine(t, u, env)
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
