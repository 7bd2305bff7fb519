package profile

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmd/factory"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/iostreams"
)

// helperEnv makes the test binary act as a separate `insure profile ...`
// process (the standard re-exec pattern); its arguments follow "--".
const helperEnv = "INSURE_PROFILE_TEST_HELPER"

func TestMain(m *testing.M) {
	if path := os.Getenv(helperEnv); path != "" {
		os.Exit(helper(path))
	}
	os.Exit(m.Run())
}

func helper(configPath string) int {
	var args []string
	for i, a := range os.Args {
		if a == "--" {
			args = os.Args[i+1:]
		}
	}
	ios, _, _, errOut := iostreams.Test()
	f := factory.NewWith("test", factory.Options{Context: context.Background(), IOStreams: ios, ConfigPath: configPath,
		StateDir: filepath.Join(filepath.Dir(configPath), "state"), Keyring: cmdtest.MapKeyring{}})
	defer f.Cleanup()
	cmd := NewCmdProfile(f)
	cmd.SetArgs(args)
	cmd.SilenceUsage = true
	if err := cmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, err, errOut.String())
		return cmdutil.ExitCode(err)
	}
	return 0
}

func TestTwentyConcurrentAddsKeepEveryProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "insure", "config.yaml")
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "add", fmt.Sprintf("Team%02d", i), "--set", fmt.Sprintf("paoding.username=user%02d", i))
			cmd.Env = append(os.Environ(), helperEnv+"="+path)
			if out, err := cmd.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("process %d: %v: %s", i, err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	c, err := config.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		name := fmt.Sprintf("team%02d", i)
		if c.File.Profiles[name]["paoding"]["username"] != fmt.Sprintf("user%02d", i) {
			t.Errorf("profile %s lost (%d of %d kept)", name, len(c.File.Profiles), n)
		}
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %o", st.Mode().Perm())
	}
}
