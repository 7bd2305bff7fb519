package config

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/builtin"
)

// helperEnv makes the test binary act as a separate insure process (the
// standard re-exec pattern): "update PATH NAME" adds profile NAME under
// the lock; "crash PATH" starts a write and stops once its temporary file
// exists, to be killed there.
const helperEnv = "INSURE_CONFIG_TEST_HELPER"

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		os.Exit(helper(os.Getenv(helperEnv), os.Args))
	}
	os.Exit(m.Run())
}

func helper(mode string, args []string) int {
	path := os.Getenv("INSURE_CONFIG_TEST_PATH")
	switch mode {
	case "update":
		name := os.Getenv("INSURE_CONFIG_TEST_NAME")
		c := &Config{Path: path, Schema: builtin.Registry()}
		err := c.Update(func(c *Config) error {
			if c.File.Profiles == nil {
				c.File.Profiles = map[string]map[string]Section{}
			}
			c.File.Profiles[name] = map[string]Section{"paoding": {"username": name}}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	case "crash":
		afterTempCreate = func(name string) {
			fmt.Println(name)
			time.Sleep(time.Minute) // killed here
		}
		c := &Config{Path: path}
		c.File.Profiles = map[string]map[string]Section{"p": {"paoding": {"password": "s3cret"}}}
		_ = c.Save()
		return 3
	}
	return 2
}
