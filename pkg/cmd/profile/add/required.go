package add

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/registry"
)

// requiredKeys are the settings d's client cannot be built without: those
// its constructor reports as not set when every setting is empty. The
// schema has no mark for them; the constructor is the one place that
// knows, so the wizard asks it rather than keep a second list.
func requiredKeys(d *registry.Provider) (keys map[string]bool) {
	keys = map[string]bool{}
	if d.NewClient == nil {
		return keys
	}
	defer func() {
		// A constructor that cannot take an empty profile (it never
		// should) leaves every answer optional, as before.
		if recover() != nil {
			keys = map[string]bool{}
		}
	}()
	_, err := d.NewClient(registry.Env{Provider: d, Settings: noSettings{}})
	var fe *failure.Error
	if !errors.As(err, &fe) {
		return keys
	}
	for _, f := range fe.Fields {
		if strings.HasPrefix(f.Rule, "is not set") {
			keys[strings.TrimPrefix(f.Field, d.Name+".")] = true
		}
	}
	return keys
}

// noSettings is a profile with nothing set, for requiredKeys.
type noSettings struct{}

func (noSettings) Get(string) (string, string, error) { return "", "", nil }
func (noSettings) ProfileName() string                { return "" }
func (noSettings) IsSandbox() bool                    { return false }

// requireAnswer makes a question for a required setting the profile does
// not hold refuse an empty answer, in its field, as gh auth login does
// not save a login that cannot work: saved empty, the provider's every
// command failed for want of it, after the wizard had said "Created".
// The setting's INSURE_<PROVIDER>_<KEY> variable, when set, stands in for
// the answer, as it does at every command. It returns the label (marked
// required) and the validation.
func requireAnswer(d *registry.Provider, key, label string, check func(string) error) (string, func(string) error) {
	env := config.EnvName(d.Name, key)
	if os.Getenv(env) != "" {
		return label + " (leave empty to use " + env + ")", check
	}
	return label + " (required)", func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("is required: no %s request can be sent without it; fill it in, or press Ctrl-C to leave the whole wizard (nothing is written) and run it again with %s unticked in its first question",
				d.Title(), d.Name)
		}
		return check(v)
	}
}
