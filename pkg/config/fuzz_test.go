package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/builtin"
)

// fuzzSecret stands for a secret written in the file; a seed holds it
// only as the value of a secret key.
const fuzzSecret = "cfgFzSecret7Qx"

// FuzzLoad loads arbitrary bytes as config.yaml. Property: no panic; an
// error is a *failure.Error or a plain error, never both nil and a
// config; and when the secret marker appears only as the value of a
// secret key, neither the error, the warnings nor any profile's problems
// repeat it.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"current-profile: test\nprofiles:\n  test:\n    paoding: {endpoint: \"http://openapi4s.beitaijf.cn\", username: \"u\", password: \"" + fuzzSecret + "\", api-version: \"1.0\"}\n" +
			"    ebao: {endpoint: \"https://h:8090\", access-key: \"ak\", secret-key: \"" + fuzzSecret + "\", channel-code: \"AXA_TP\", product-id: \"p\", response-signature-header: \"signature\"}\n" +
			"    bihu: {endpoint: \"http://lzl.91bihu.com\", agent-id: \"102\", username: \"u\", secret-key: \"" + fuzzSecret + "\", city-code: \"1\"}\n" +
			"    sunshine: {endpoint: \"http://h/InterFaceServlet\", seller-id: \"1\", agent-code: \"W03210001\", private-key: \"p.pem\", platform-public-key: \"q.pem\"}\n",
		"profiles:\n  Prod:\n    EBAO:\n      Secret-Key: " + fuzzSecret + "\n      timeout: [1]\n",
		"profiles:\n  p:\n    ebao:\n      secret-key: !!int " + fuzzSecret + "\n",
		"profiles:\n  p:\n    bihu:\n      secret-key: {a: " + fuzzSecret + "}\n      hex-case: sideways\n",
		"current-profile: [a]\n", "profiles: 3\n", "profiles:\n  \"bad name!\": 1\n", "curent-profile: x\n",
		"- a\n", "{", "\t:", "", "a: &x [*x]\n", "profiles:\n  p:\n    ebao: &a {x: *a}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(path, builtin.Registry())
		s := string(data)
		onlyAsSecret := strings.Count(s, fuzzSecret) > 0 &&
			strings.Count(s, fuzzSecret) == strings.Count(s, "secret-key: \""+fuzzSecret+"\"")+strings.Count(s, "password: \""+fuzzSecret+"\"")+
				strings.Count(s, "secret-key: "+fuzzSecret+"\n")+strings.Count(s, "Secret-Key: "+fuzzSecret+"\n")
		leak := func(where, text string) {
			if onlyAsSecret && strings.Contains(text, fuzzSecret) {
				t.Fatalf("%s repeats a secret value", where)
			}
		}
		if err != nil {
			if c != nil {
				t.Fatal("a config with an error")
			}
			var fe *failure.Error
			if errors.As(err, &fe) && fe.Kind != failure.Usage {
				t.Fatalf("a bad file is a %v error: %v", fe.Kind, err)
			}
			leak("the error", err.Error())
			return
		}
		if c == nil {
			t.Fatal("no config and no error")
		}
		leak("a warning", strings.Join(c.Warnings, "\n"))
		for _, name := range c.ProfileNames() {
			leak("a problem", fmt.Sprint(c.Problems(name)))
		}
	})
}
