package gen

import (
	"strings"
	"testing"
)

func TestEveryManPageHasExitStatusEnvironmentAndFiles(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, data := range files {
		if !strings.HasPrefix(path, "docs/man/") {
			continue
		}
		n++
		page := string(data)
		if strings.Contains(page, ".SH SYNOPSIS\n\\fBinsure help ") {
			continue // a help topic (exit-codes, environment...) is itself the reference
		}
		for _, s := range []string{".SH EXIT STATUS", ".SH ENVIRONMENT", ".SH FILES"} {
			if !strings.Contains(page, s) {
				t.Errorf("%s lacks %s", path, s)
			}
		}
		if i, j := strings.Index(page, ".SH FILES"), strings.Index(page, ".SH SEE ALSO"); j >= 0 && i > j {
			t.Errorf("%s: FILES after SEE ALSO", path)
		}
	}
	if n == 0 {
		t.Fatal("no man pages generated")
	}
}

// Each page is headed with its own name, as man shows it at the top and
// whatis/apropos index it: every page was headed INSURE(1).
func TestEveryManPageIsHeadedWithItsOwnName(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for path, data := range files {
		name, ok := strings.CutPrefix(path, "docs/man/")
		if !ok {
			continue
		}
		want := `.TH "` + strings.ToUpper(strings.TrimSuffix(name, ".1")) + `" "1"`
		if !strings.Contains(string(data), want) {
			t.Errorf("%s is not headed %s", path, want)
		}
	}
}
