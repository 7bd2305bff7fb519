package sandbox

import (
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// A sign-out naming agentId twice, in another case, used to be answered
// by whichever spelling Go's map order read last: 200 or 403 at random for
// the same request. It is refused every time, as a JSON body naming a
// parameter twice is, and the session stays open.
func TestSignOutRefusesAParameterGivenTwice(t *testing.T) {
	f := newFixture(t, nil)
	for i := 0; i < 20; i++ {
		tok := f.login(600)
		_, code := bihu.SignOutSecCode(TestAgentID, TestSecretKey, tok, false)
		for _, q := range []string{
			"agentId=102&token=" + tok + "&secCode=" + code + "&AGENTID=999",
			"AGENTID=999&token=" + tok + "&secCode=" + code + "&agentId=102",
			"agentId=102&token=" + tok + "&secCode=" + code + "&token=" + tok,
		} {
			status, body := f.page("/unite/SignOut?" + q)
			if status != 403 || !strings.Contains(body, "重复") {
				t.Fatalf("attempt %d, %s: HTTP %d %s, want 403 naming the repeated name", i+1, q, status, body)
			}
		}
		// Named once, the same parameters sign out (so the refusals left
		// the session open); a name the server does not bind may repeat.
		if status, body := f.page("/unite/SignOut?agentId=102&token=" + tok + "&secCode=" + code + "&x=1&X=2"); status != 200 {
			t.Fatalf("attempt %d, valid sign-out: HTTP %d %s", i+1, status, body)
		}
	}
	_, body := f.page("/unite/SignOut?agentId=102&AgentID=999")
	if !strings.Contains(body, "agentId 与 AgentID") {
		t.Errorf("refusal does not name both spellings in the order sent: %s", body)
	}
}

// The pages read their query the same way: a Token next to a TOKEN, or a
// plate given twice, is a 403 page naming both, never a page chosen by
// map order.
func TestPagesRefuseAParameterGivenTwice(t *testing.T) {
	f := newFixture(t, nil)
	tok := f.login(600)
	_, ans := f.renewal(f.params(tok, "LicenseNo", "京J97896"), TestSecretKey)
	rt, _ := ans["RenewalToken"].(string)
	for i := 0; i < 20; i++ {
		for _, path := range []string{
			"/DoQuote/SelectInsuranceNew?Token=" + tok + "&RenewalToken=" + rt + "&TOKEN=BOGUS",
			"/DoQuote/SelectInsuranceNew?Token=" + tok + "&RenewalToken=" + rt + "&renewaltoken=BOGUS",
			"/DoQuote/Index?TOKEN=BOGUS&Token=" + tok,
			"/DoQuote/ReplenishInfo?Token=" + tok + "&LicenseNo=%E4%BA%ACJ97896&licenseno=%E4%BA%ACA12345",
		} {
			if status, body := f.page(path); status != 403 || !strings.Contains(body, "重复") {
				t.Fatalf("attempt %d, %s: HTTP %d, want 403 naming the repeated name\n%s", i+1, path, status, body)
			}
		}
	}
	if status, body := f.page("/DoQuote/SelectInsuranceNew?Token=" + tok + "&RenewalToken=" + rt + "&x=1&X=2"); status != 200 ||
		!strings.Contains(body, "renewal record found") {
		t.Errorf("quote page with an unbound name twice: HTTP %d\n%s", status, body)
	}
}
