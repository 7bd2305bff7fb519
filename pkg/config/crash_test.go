package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/insurekit/insure/internal/crashtest"
	"github.com/insurekit/insure/providers/builtin"
)

const crashWriterEnv = "INSURE_CONFIG_CRASH_WRITER"

// TestHelperConfigWriter is the process the crash test kills: it updates
// config.yaml in a loop through Config.Update, giving profiles a and b
// the same generation n each time, and prints n once the write returned.
func TestHelperConfigWriter(t *testing.T) {
	path := os.Getenv(crashWriterEnv)
	if path == "" {
		t.Skip("run by TestCrashDuringConfigWrites")
	}
	start, _ := strconv.Atoi(os.Getenv(crashWriterEnv + "_FROM"))
	c := &Config{Path: path, Schema: builtin.Registry()}
	fmt.Println("ready")
	for n := start + 1; ; n++ {
		v := "gen-" + strconv.Itoa(n) + strings.Repeat("x", n%7*300) // vary the size
		err := c.Update(func(c *Config) error {
			for _, p := range []string{"a", "b"} {
				c.File.Profiles[p] = map[string]Section{"paoding": {"username": v, "endpoint": "http://h/" + strconv.Itoa(n)}}
			}
			return nil
		})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println(n)
	}
}

// TestCrashDuringConfigWrites kills the writer with SIGKILL at random
// points of its writes and checks, after each kill, that config.yaml
// parses, that the untouched profile is intact and that profiles a and b
// hold the same generation: the last one reported written, or the one
// being written when the process died (old or new, never a mix).
func TestCrashDuringConfigWrites(t *testing.T) {
	trials, budget := 120, 20*time.Second
	if testing.Short() {
		trials, budget = 15, 5*time.Second
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	seed := &Config{Path: path, Schema: builtin.Registry()}
	if err := seed.Update(func(c *Config) error {
		c.File.Profiles = map[string]map[string]Section{"keep": {"ebao": {"access-key": "ak-keep"}},
			"a": {"paoding": {"username": "gen-0"}}, "b": {"paoding": {"username": "gen-0"}}}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	gen, deadline, done := 0, time.Now().Add(budget), 0
	for ; done < trials && time.Now().Before(deadline); done++ {
		last := crashtest.KillDuringWrites(t, crashWriterEnv, path, "TestHelperConfigWriter", gen)
		c, err := Load(path, builtin.Registry())
		if err != nil {
			t.Fatalf("trial %d: config.yaml does not load after a kill: %v", done, err)
		}
		if got := c.File.Profiles["keep"]["ebao"]["access-key"]; got != "ak-keep" {
			t.Fatalf("trial %d: the untouched profile changed: %q", done, got)
		}
		ga, gb := generation(c, "a"), generation(c, "b")
		if ga != gb {
			t.Fatalf("trial %d: profiles a and b are from different writes: %d and %d", done, ga, gb)
		}
		if ga < last || ga > last+1 {
			t.Fatalf("trial %d: generation %d after %d was reported written", done, ga, last)
		}
		if ep := c.File.Profiles["a"]["paoding"]["endpoint"]; ga > 0 && ep != "http://h/"+strconv.Itoa(ga) {
			t.Fatalf("trial %d: profile a holds generation %d with endpoint %q", done, ga, ep)
		}
		gen = ga
	}
	t.Logf("%d trials, last generation %d", done, gen)
	if done < min(trials, 5) {
		t.Fatalf("only %d trials ran", done)
	}
}

func generation(c *Config, profile string) int {
	v := c.File.Profiles[profile]["paoding"]["username"]
	n, err := strconv.Atoi(strings.TrimRight(strings.TrimPrefix(v, "gen-"), "x"))
	if err != nil {
		return -1
	}
	return n
}
