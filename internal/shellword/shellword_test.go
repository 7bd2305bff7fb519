package shellword

import (
	"os/exec"
	"testing"
)

// Every command insure prints for pasting (a batch's --resume line, the
// Bihu reproduce line, a look-up hint) quotes its words with ShellQuote;
// dash, the strictest shell here, reads each back as the word it was.
func TestShellQuoteReadsBackAsTheSameWord(t *testing.T) {
	for in, want := range map[string]string{
		"cars.csv": "cars.csv", "LicenseNo=京J97896": "LicenseNo=京J97896", "--set=a.b=1": "--set=a.b=1",
		"my cars.csv": "'my cars.csv'", "it's": `'it'\''s'`, "": "''", "x;rm": "'x;rm'", "Token=****": "'Token=****'",
		"$HOME": "'$HOME'", "a\nb": "'a\nb'", "京\u3000A": "'京\u3000A'",
	} {
		got := Quote(in)
		if got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
		sh, err := exec.LookPath("dash")
		if err != nil {
			continue
		}
		out, err := exec.Command(sh, "-c", "printf '%s' "+got).Output()
		if err != nil || string(out) != in {
			t.Errorf("dash read %s back as %q (%v), want %q", got, out, err, in)
		}
	}
}
