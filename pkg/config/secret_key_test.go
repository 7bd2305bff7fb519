package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/insurekit/insure/providers/builtin"
)

// A secret pasted on a line of its own is read as a key: the profile's
// problems named it as an unknown key, in lower case, so profile show,
// profile list and doctor printed the secret. It is reported, not shown.
func TestAKeySpelledAsASecretIsNotShown(t *testing.T) {
	path := writeFile(t, `current-profile: p
profiles:
  p:
    ebao:
      endpoint: "https://ebao.example"
      secret-key: SEKRETebao7777zz
      SEKRETebao7777zz: 1
    bihu:
      sekretebao7777ZZ: 1
`)
	c, err := Load(path, builtin.Registry())
	if err != nil {
		t.Fatal(err)
	}
	problems := c.Problems("p")
	if len(problems) != 2 {
		t.Fatalf("problems %v, want the two keys reported", problems)
	}
	text := fmt.Sprint(problems) + c.ProblemsError("p", problems).Error()
	if strings.Contains(strings.ToLower(text), "sekretebao") || !strings.Contains(text, "ebao.****") || !strings.Contains(text, "bihu.****") {
		t.Errorf("problems: %s", text)
	}
}
