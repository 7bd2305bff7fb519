package shared

import (
	"testing"
	"time"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/providers/bihu"
)

func TestParseSessionTimeout(t *testing.T) {
	for in, want := range map[string]time.Duration{"2h": 2 * time.Hour, "90m": 90 * time.Minute, "7200": 2 * time.Hour, " 30 ": 30 * time.Second} {
		if got, err := ParseSessionTimeout(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	for _, in := range []string{"soon", "0", "500ms", "-1h"} {
		if _, err := ParseSessionTimeout(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestParseHexCase(t *testing.T) {
	for in, want := range map[string]bool{"": false, "upper": false, "UPPER": false, "lower": true} {
		if got, err := ParseHexCase(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseHexCase("mixed"); err == nil {
		t.Error("mixed accepted")
	}
}

func TestClientFromSandboxProfileAndEnvironment(t *testing.T) {
	t.Setenv("INSURE_BIHU_SESSION_TIMEOUT", "90m")
	t.Setenv("INSURE_BIHU_HEX_CASE", "lower")
	t.Setenv("INSURE_BIHU_CITY_CODE", "深圳")
	e := cmdtest.New(t, cmdtest.Options{})
	c, p, err := Client(e.F)
	if err != nil {
		t.Fatal(err)
	}
	cfg := c.Config()
	if p.Name != "sandbox" || cfg.AgentID != "102" || cfg.SessionTimeout != 90*time.Minute || !cfg.LowerHex || cfg.CityCode != "深圳" ||
		cfg.BaseURL != e.Sandbox.Endpoint(bihu.Provider) {
		t.Fatalf("%+v", cfg)
	}
	t.Setenv("INSURE_BIHU_HEX_CASE", "mixed")
	if _, _, err := Client(e.F); cmdutil.ExitCode(err) != 2 {
		t.Fatalf("bad hex case: %v", err)
	}
}
