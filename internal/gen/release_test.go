package gen

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// releaseConfig is the part of .goreleaser.yaml these tests read.
type releaseConfig struct {
	Archives []struct {
		BuildsInfo struct {
			MTime string `yaml:"mtime"`
			Owner string `yaml:"owner"`
		} `yaml:"builds_info"`
		Files []archiveFile `yaml:"files"`
	} `yaml:"archives"`
	SBOMs []struct {
		Args []string `yaml:"args"`
	} `yaml:"sboms"`
	NFPMs []struct {
		Description string `yaml:"description"`
		MTime       string `yaml:"mtime"`
		RPM         struct {
			BuildHost string `yaml:"buildhost"`
		} `yaml:"rpm"`
		Contents []struct {
			Src      string `yaml:"src"`
			Dst      string `yaml:"dst"`
			Packager string `yaml:"packager"`
			Type     string `yaml:"type"`
		} `yaml:"contents"`
	} `yaml:"nfpms"`
	Casks []struct {
		Hooks struct {
			Post struct {
				Install string `yaml:"install"`
			} `yaml:"post"`
		} `yaml:"hooks"`
	} `yaml:"homebrew_casks"`
}

// archiveFile is an archive's file entry: GoReleaser takes a bare glob
// ("README.md") or a src with its info.
type archiveFile struct {
	Src  string `yaml:"src"`
	Info struct {
		MTime string `yaml:"mtime"`
		Owner string `yaml:"owner"`
		Mode  int    `yaml:"mode"`
	} `yaml:"info"`
}

func (f *archiveFile) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		return n.Decode(&f.Src)
	}
	type plain archiveFile
	return n.Decode((*plain)(f))
}

func readReleaseConfig(t *testing.T) releaseConfig {
	t.Helper()
	data, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg releaseConfig
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Archives) == 0 || len(cfg.NFPMs) == 0 || len(cfg.SBOMs) == 0 || len(cfg.Casks) == 0 {
		t.Fatal(".goreleaser.yaml lacks archives, nfpms, sboms or homebrew_casks")
	}
	return cfg
}

// Two snapshot builds of one commit gave the same binary but different
// checksums for every archive, package and SBOM: the archives and packages
// took each file's time from the checkout, the packages also the build time
// and host, the SBOM a random serial number and the time. Everything that
// lands in an artefact must come from the commit.
func TestReleaseArtefactsDependOnlyOnTheCommit(t *testing.T) {
	cfg := readReleaseConfig(t)
	for _, a := range cfg.Archives {
		if a.BuildsInfo.MTime != "{{ .CommitDate }}" || a.BuildsInfo.Owner == "" {
			t.Errorf("archive binary: mtime %q, owner %q; want the commit's time and a fixed owner", a.BuildsInfo.MTime, a.BuildsInfo.Owner)
		}
		if len(a.Files) == 0 {
			t.Errorf("archive has no files")
		}
		for _, f := range a.Files {
			if f.Src == "" || f.Info.MTime != "{{ .CommitDate }}" || f.Info.Owner == "" || f.Info.Mode == 0 {
				t.Errorf("archive file %q: mtime %q, owner %q, mode %o; want the commit's time, a fixed owner and mode", f.Src, f.Info.MTime, f.Info.Owner, f.Info.Mode)
			}
		}
	}
	for _, n := range cfg.NFPMs {
		if n.MTime != "{{ .CommitDate }}" {
			t.Errorf("nfpms mtime is %q, want the commit's time", n.MTime)
		}
		if n.RPM.BuildHost == "" {
			t.Errorf("the rpm records the build machine's host name (set rpm.buildhost)")
		}
	}
	for _, s := range cfg.SBOMs {
		for _, flag := range []string{"-noserial", "-notimestamp", "-std"} {
			if !slices.Contains(s.Args, flag) {
				t.Errorf("cyclonedx-gomod args %v lack %s", s.Args, flag)
			}
		}
	}
}

// dpkg and rpm show the description's first line as the one-line summary:
// it was one 118-character sentence (lintian: synopsis-too-long,
// extended-description-is-empty).
func TestPackageDescriptionHasASynopsisAndMore(t *testing.T) {
	for _, n := range readReleaseConfig(t).NFPMs {
		lines := strings.Split(n.Description, "\n")
		if synopsis := lines[0]; len(synopsis) > 79 || strings.HasSuffix(synopsis, ".") {
			t.Errorf("synopsis %q: want under 80 characters, no full stop", synopsis)
		}
		if len(lines) < 2 {
			t.Errorf("description %q has no extended description", n.Description)
		}
	}
}

// Fedora and RHEL keep licences in /usr/share/licenses/<name>, marked
// %license; /usr/share/doc/<name>/copyright is Debian's place.
func TestPackagesInstallTheLicenceWhereEachDistributionLooks(t *testing.T) {
	want := map[string]string{"deb": "/usr/share/doc/insure/copyright", "rpm": "/usr/share/licenses/insure/LICENSE"}
	for _, n := range readReleaseConfig(t).NFPMs {
		for packager, dst := range want {
			var got []string
			for _, c := range n.Contents {
				if strings.TrimPrefix(c.Src, "./") == "LICENSE" && (c.Packager == "" || c.Packager == packager) {
					got = append(got, c.Dst)
					if packager == "rpm" && c.Type != "license" {
						t.Errorf("rpm: LICENSE is not marked as a licence (type %q)", c.Type)
					}
				}
			}
			if len(got) != 1 || got[0] != dst {
				t.Errorf("%s: LICENSE goes to %v, want %s", packager, got, dst)
			}
		}
	}
}

// The macOS binary is not notarised: a cask install keeps the quarantine
// flag and Gatekeeper refuses to start insure.
func TestCaskLiftsQuarantineOnMacOS(t *testing.T) {
	for _, c := range readReleaseConfig(t).Casks {
		if hook := c.Hooks.Post.Install; !strings.Contains(hook, "com.apple.quarantine") || !strings.Contains(hook, "OS.mac?") {
			t.Errorf("the cask's post-install hook %q does not remove com.apple.quarantine on macOS", hook)
		}
	}
}
