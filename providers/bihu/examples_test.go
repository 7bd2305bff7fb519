package bihu_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

const examples = "../../examples/bihu"

// The example files must stay valid requests that the sandbox renews.
func TestExamplesRenew(t *testing.T) {
	for _, name := range []string{"renew-by-plate.json", "renew-by-vin.json"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(examples, name))
			if err != nil {
				t.Fatal(err)
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.DisallowUnknownFields()
			var req bihu.RenewalRequest
			if err := dec.Decode(&req); err != nil {
				t.Fatal(err)
			}
			res, err := newEnv(t).client().Renew(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if res.HTTPStatus != 200 || res.CityCode != "1" {
				t.Errorf("HTTP %d city %s", res.HTTPStatus, res.CityCode)
			}
		})
	}
}

// login.json reproduces the documented login worked example.
func TestExampleLogin(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(examples, "login.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]string
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p["agentId"] != sandbox.TestAgentID || p["userName"] != sandbox.TestUsername {
		t.Errorf("login.json is not the sandbox's account")
	}
	if _, code := bihu.LoginSecCode(p["agentId"], p["userName"], sandbox.TestSecretKey, p["timestamp"], p["timeout"], false); code != "46008B1AE6A9AAE896529428AFB124F8" {
		t.Errorf("secCode %s", code)
	}
}
