package gen

import (
	"strings"
	"testing"
)

// TestHelpTopicsHaveManPages: `man insure-exit-codes` shows what `insure
// help exit-codes` does, with its columns kept (no-fill) and a synopsis
// that runs.
func TestHelpTopicsHaveManPages(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"environment", "exit-codes", "formatting"} {
		man := string(files["docs/man/insure-"+name+".1"])
		if man == "" {
			t.Fatalf("no docs/man/insure-%s.1 among the generated files", name)
		}
		synopsis := `\fBinsure help ` + strings.ReplaceAll(name, "-", `\-`) + `\fP`
		if !strings.Contains(man, synopsis) || !strings.Contains(man, ".nf\n") {
			t.Errorf("insure-%s.1 lacks the synopsis %q or no-fill mode:\n%s", name, synopsis, man)
		}
		if files["docs/commands/insure_help_"+name+".md"] == nil {
			t.Errorf("no docs/commands/insure_help_%s.md", name)
		}
	}
	if man := string(files["docs/man/insure-exit-codes.1"]); !strings.Contains(man, "\n143  terminated by SIGTERM") {
		t.Errorf("the exit codes' column is not kept as written:\n%s", man)
	}
}
