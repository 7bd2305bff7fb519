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

// A 130 whose answer was lost is sent again as it was: the rerun needs
// none of the first run's flags (--check-pay-no used to be demanded,
// exit 2, for a request that does not use it).
func TestSunshineLostIssueIsResentWithoutTheFirstRunsFlags(t *testing.T) {
	u := newUser(t)
	p, url := newHostileProxy(t, serveSandbox(t, u), sunshineIs("130"))
	env := []string{"INSURE_SANDBOX_URL=" + url}
	args := prepareSunshine(t, u, env)
	p.set("5xx")
	r := u.run("", env, append([]string{"-p", "sandbox", "--timeout", "2s"}, args...)...)
	p.set("")
	if r.code != 5 {
		t.Fatalf("lost 130: exit %d\n%s", r.code, r.stderr)
	}
	session := args[len(args)-4]
	r2 := u.run("", env, "-p", "sandbox", "issue", "--provider", "sunshine", "--session", session, "--yes")
	if r2.code != 0 || !strings.Contains(r2.stdout, `"policyNos"`) || strings.Contains(r2.stderr, "payment number") {
		t.Fatalf("rerun without flags: exit %d\n%s%s", r2.code, r2.stdout, r2.stderr)
	}
	if n := unknownRows(t, u, env, "txn.130"); n != "0" {
		t.Errorf("%s txn.130 rows still unknown", n)
	}
}
