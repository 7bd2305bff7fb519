package registry

import (
	"strings"
	"testing"
	"time"
)

// A length sent in whole seconds takes whole seconds only: "1.5s" was read
// as 1.5s and then sent as 1, another length than the one written.
func TestDurationOrSecondsTakesWholeSecondsOnly(t *testing.T) {
	for v, want := range map[string]time.Duration{"7200": 2 * time.Hour, "2h": 2 * time.Hour, "1800s": 30 * time.Minute, " 90m ": 90 * time.Minute, "1m30s": 90 * time.Second, "1000ms": time.Second} {
		if got, err := ParseDurationOrSeconds(v); err != nil || got != want {
			t.Errorf("%q: %v, %v", v, got, err)
		}
	}
	for v, rule := range map[string]string{
		"1.5s": "whole seconds", "1500ms": "whole seconds", "2h0.5s": "whole seconds", "0.5s": "at least one second",
		"0": "at least one second", "7200.5": "whole seconds like 7200", "soon": "a duration like 2h",
	} {
		_, err := ParseDurationOrSeconds(v)
		if err == nil || !strings.Contains(err.Error(), rule) || !strings.Contains(err.Error(), `"`+strings.TrimSpace(v)+`"`) {
			t.Errorf("%q: %v, want a rule saying %q", v, err, rule)
		}
		if err != nil && rule == "whole seconds" && !strings.Contains(err.Error(), "30m or 1800s") {
			t.Errorf("%q: no example: %v", v, err)
		}
		if CheckDurationOrSeconds(v) == nil {
			t.Errorf("%q: the schema check accepts it", v)
		}
	}
}

// A Bool field suggests true and false for completion, and leaves what
// is accepted to its Check: 1 stays valid, as CheckBool says.
func TestABoolFieldSuggestsTrueAndFalseAndKeepsItsCheck(t *testing.T) {
	f := Field{Key: "strict", Default: "false", Check: CheckBool, Bool: true}
	if got := strings.Join(f.Suggestions(), ","); got != "true,false" {
		t.Fatalf("suggestions %q, want true,false", got)
	}
	if err := f.Validate("1"); err != nil {
		t.Fatalf("1: %v", err)
	}
	if err := f.Validate("maybe"); err == nil {
		t.Fatal("maybe was accepted")
	}
	if got := (Field{Choices: []string{"upper", "lower"}}).Suggestions(); strings.Join(got, ",") != "upper,lower" {
		t.Fatalf("a field with Choices suggests %q", got)
	}
	if got := (Field{Check: CheckBool}).Suggestions(); got != nil {
		t.Fatalf("a field not marked Bool suggests %q", got)
	}
}
