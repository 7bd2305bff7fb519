package gen

import (
	"os"
	"path"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The .deb and .rpm put each generated file where that distribution's tools
// look. zsh is the one that differs: Debian's fpath has
// /usr/share/zsh/vendor-completions, Fedora's and RHEL's only
// /usr/share/zsh/site-functions, so one path for both packages leaves rpm
// users without zsh completions. A .deb also needs a Section, which dpkg
// and apt show and lintian checks. Man pages go in gzipped
// (scripts/manpages.sh compresses docs/man into .manpages).
func TestPackagesInstallGeneratedFilesWhereEachDistributionLooks(t *testing.T) {
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		NFPMs []struct {
			Section  string   `yaml:"section"`
			Formats  []string `yaml:"formats"`
			Contents []struct {
				Src      string `yaml:"src"`
				Dst      string `yaml:"dst"`
				Packager string `yaml:"packager"`
			} `yaml:"contents"`
		} `yaml:"nfpms"`
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.NFPMs) == 0 {
		t.Fatal("no nfpms in .goreleaser.yaml")
	}
	want := map[string]map[string][]string{ // packager -> source -> folders that work
		"deb": {
			"completions/insure.bash": {"/usr/share/bash-completion/completions"},
			"completions/_insure":     {"/usr/share/zsh/vendor-completions", "/usr/share/zsh/site-functions"},
			"completions/insure.fish": {"/usr/share/fish/vendor_completions.d"},
			".manpages/*.1.gz":        {"/usr/share/man/man1"},
		},
		"rpm": {
			"completions/insure.bash": {"/usr/share/bash-completion/completions"},
			"completions/_insure":     {"/usr/share/zsh/site-functions"},
			"completions/insure.fish": {"/usr/share/fish/vendor_completions.d"},
			".manpages/*.1.gz":        {"/usr/share/man/man1"},
		},
	}
	for _, n := range cfg.NFPMs {
		for _, format := range n.Formats {
			if format == "deb" && n.Section == "" {
				t.Errorf("the deb has no section")
			}
			for src, dirs := range want[format] {
				var got []string
				for _, c := range n.Contents {
					if strings.TrimPrefix(c.Src, "./") != src || (c.Packager != "" && c.Packager != format) {
						continue
					}
					dir := strings.TrimSuffix(c.Dst, "/")
					if !strings.HasSuffix(c.Dst, "/") {
						dir = path.Dir(c.Dst)
					}
					got = append(got, dir)
				}
				if len(got) != 1 {
					t.Errorf("%s: %s is installed %d times: %v", format, src, len(got), got)
					continue
				}
				ok := false
				for _, d := range dirs {
					ok = ok || got[0] == d
				}
				if !ok {
					t.Errorf("%s: %s goes to %s, where the shell does not look (want one of %v)", format, src, got[0], dirs)
				}
			}
		}
	}
}
