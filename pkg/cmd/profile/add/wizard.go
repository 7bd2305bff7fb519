package add

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/insurekit/insure/pkg/config"
	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/registry"
)

// ask runs the wizard for every field the flags left unset.
func ask(opts *Options, cfg *config.Config, prof map[string]config.Section, given []setting) ([]setting, error) {
	p := opts.Prompter()
	have := map[string]bool{}
	for _, s := range given {
		have[s.provider+"."+s.key] = true
	}
	provs := opts.Providers
	if len(provs) == 0 {
		var defaults []string
		all := cfg.Providers()
		for _, pr := range all {
			if prof[pr] != nil {
				defaults = append(defaults, pr)
			}
		}
		if len(defaults) == 0 && len(all) > 0 {
			defaults = all[:1]
		}
		idx, err := p.MultiSelect("Which providers does this profile talk to?", defaults, all)
		if err != nil {
			return nil, err
		}
		for _, i := range idx {
			provs = append(provs, all[i])
		}
		// Nothing ticked left a form with no question, which the terminal
		// UI cannot draw (it crashed): an empty profile is not what the
		// wizard was started for.
		if len(provs) == 0 {
			return nil, &failure.Error{Kind: failure.Usage, Message: "no provider chosen; nothing was written",
				Hint: fmt.Sprintf("tick at least one with Space before Enter, or name them: insure configure %s --provider NAME (one or more of %s)",
					config.NormalizeProfileName(opts.Name), strings.Join(all, ", "))}
		}
	}
	// One form for every field: questions typed ahead are never lost
	// between prompts, and the terminal is set up once.
	var qs []prompter.Question
	for _, pr := range provs {
		d, ok := cfg.Schema.Lookup(pr)
		if !ok {
			return nil, &failure.Error{Kind: failure.Usage, Message: fmt.Sprintf("unknown provider %q (one of %s)", pr, strings.Join(cfg.Providers(), ", "))}
		}
		required := requiredKeys(d)
		for _, fld := range d.Settings {
			if have[pr+"."+fld.Key] {
				continue
			}
			q := prompter.Question{Key: pr + "." + fld.Key, Label: fld.Label, Secret: fld.Secret, Group: pr, Example: fld.Example,
				Validate: answerCheck(cfg, pr, fld.Key)}
			if fld.Secret && config.IsKeySetting(fld.Key) {
				// The answer may be the key's own text, which is the
				// secret, so it stays hidden even when it is a path; the
				// label says so, and a path that names no key file is
				// refused in the field, so a typo cannot pass unseen.
				q.Label += " (a file's path or the PEM text; hidden as typed)"
			}
			if required[fld.Key] && prof[pr][fld.Key] == "" {
				q.Label, q.Validate = requireAnswer(d, fld.Key, q.Label, q.Validate)
			}
			if fld.Secret {
				if prof[pr][fld.Key] != "" {
					q.Label += " (leave empty to keep the current one)"
				}
			} else {
				q.Default = prof[pr][fld.Key]
				if q.Default == "" {
					q.Default = fld.Default
				}
				if q.Default != "" {
					// The prompter shows Example beside the label; a
					// pre-filled value already shows what is wanted.
					q.Example = ""
				}
				q.Options = choicesFor(fld, q.Default)
			}
			qs = append(qs, q)
		}
	}
	answers, err := prompter.AskAll(p, qs)
	if err != nil {
		return nil, err
	}
	var out []setting
	for _, q := range qs {
		prov, key, _ := strings.Cut(q.Key, ".")
		// An answer of only spaces is no answer: it keeps the current
		// value, as an empty one does.
		if v := normalizeValue(cfg, prov, key, answers[q.Key]); v != "" {
			out = append(out, setting{prov, key, v})
		}
	}
	return out, nil
}

// choicesFor is what a setting with a fixed set of values offers as a
// select (its choices, or true and false), with current the value
// selected at first. A value set by hand outside the choices (a bool
// written 1) keeps the question a text field, so that value is not
// silently replaced by whichever option happens to come first.
func choicesFor(fld registry.Field, current string) []string {
	choices := fld.Suggestions()
	if fld.Secret || len(choices) == 0 || !slices.Contains(choices, current) {
		return nil
	}
	return choices
}

// answerCheck is a wizard question's validation: the config's rule for
// provider.key, checked as the answer is typed, so a bad answer is
// corrected on the spot instead of failing the whole form (and losing
// everything typed) at the end. An empty answer passes: it keeps the
// current value, or leaves the setting unset.
func answerCheck(cfg *config.Config, provider, key string) func(string) error {
	return func(v string) error {
		if v == "" {
			return nil
		}
		fe := checkValue(cfg, provider, key, normalizeValue(cfg, provider, key, v))
		switch {
		case fe == nil:
			return nil
		case fe.Example != "":
			return fmt.Errorf("%s (for example %s)", fe.Rule, fe.Example)
		}
		return errors.New(fe.Rule)
	}
}

// abortedNothingWritten is Ctrl-C or Esc at one of the wizard's
// questions: exit 130 like any abandoned prompt (it wraps
// prompter.ErrAborted), saying what did not happen here, which is a write.
type abortedNothingWritten struct{}

func (abortedNothingWritten) Error() string {
	return "interrupted at a prompt (Ctrl-C or Esc); nothing was written"
}
func (abortedNothingWritten) Unwrap() error { return prompter.ErrAborted }

var errAbortedNothingWritten error = abortedNothingWritten{}
