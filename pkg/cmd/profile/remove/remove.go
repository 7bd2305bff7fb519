// Package remove implements `insure profile remove`.
package remove

import (
	"errors"
	"fmt"
	"sort"

	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/spf13/cobra"
)

// Options for `profile remove`.
type Options struct {
	IO       *iostreams.IOStreams
	Config   func() (*config.Config, error)
	Keyring  func() config.Keyring
	Prompter func() prompter.Prompter
	Globals  *cmdutil.GlobalOptions
	Name     string
}

// NewCmdRemove builds the command.
func NewCmdRemove(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IOStreams, Config: f.Config, Keyring: f.Keyring, Prompter: f.Prompter, Globals: f.Globals}
	return &cobra.Command{
		Use:               "remove NAME",
		Aliases:           []string{"rm"},
		Short:             "Delete a profile and its keyring secrets",
		Args:              cmdutil.ExactArgs(1),
		ValidArgsFunction: cmdutil.FirstArgOnly(cmdutil.CompleteProfileNames(f)),
		Annotations:       map[string]string{"insure/confirms": "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(opts)
			}
			return Run(opts)
		},
	}
}

// Run deletes the profile (the name is matched without case).
func Run(opts *Options) error {
	name := config.NormalizeProfileName(opts.Name)
	if name == config.SandboxProfile {
		return &failure.Error{Kind: failure.Usage, Message: `"sandbox" is built in and cannot be removed`}
	}
	cfg, err := opts.Config()
	if err != nil {
		return err
	}
	if _, ok := cfg.File.Profiles[name]; !ok {
		return &failure.Error{Kind: failure.Usage, Message: (&config.ErrUnknownProfile{Name: name, Known: cfg.ProfileNames()}).Error()}
	}
	if err := cmdutil.ConfirmAct(opts.IO, opts.Prompter, opts.Globals.Yes, fmt.Sprintf("Delete profile %q?", name)); err != nil {
		return err
	}
	var removed map[string]config.Section
	wasCurrent := false
	err = cfg.Update(func(c *config.Config) error {
		prof, ok := c.File.Profiles[name]
		if !ok {
			return &failure.Error{Kind: failure.Usage, Message: (&config.ErrUnknownProfile{Name: name, Known: c.ProfileNames()}).Error()}
		}
		removed = prof
		delete(c.File.Profiles, name)
		wasCurrent = c.File.CurrentProfile == name
		if wasCurrent {
			c.File.CurrentProfile = ""
		}
		return nil
	})
	if err != nil {
		return err
	}
	cs := opts.IO.ErrColorScheme()
	fmt.Fprintf(opts.IO.ErrOut, "%s Removed profile %q\n", cs.SuccessIcon(), name)
	// The file no longer names these secrets, so this is the last chance
	// to say that one stays in the keyring (no keyring reachable here, a
	// locked one): silence would leave a credential behind unnoticed.
	for _, prov := range sortedKeys(removed) {
		for _, key := range sortedKeys(removed[prov]) {
			if removed[prov][key] != config.KeyringMarker {
				continue
			}
			user := config.KeyringUser(name, prov, key)
			err := opts.Keyring().Delete(config.KeyringService, user)
			if err != nil && !errors.Is(err, config.ErrKeyringNotFound) {
				fmt.Fprintf(opts.IO.ErrOut, "%s %s.%s stays in the OS keyring (service %q, account %q): %v; delete it there with the keyring's own tool\n",
					cs.Yellow("warning:"), prov, key, config.KeyringService, user, err)
			}
		}
	}
	if wasCurrent {
		// Commands without -p would otherwise fail with "no profile
		// selected" and leave the user to work out why.
		fmt.Fprintf(opts.IO.ErrOut, "No profile is current now: pick one with `insure profile use NAME`, or pass -p NAME\n")
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
