package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// checkRequired refuses, before anything is sent, a description that
// lacks what the manual's table for its transaction requires, or gives a
// value in another form than the table gives it (sunshine.Required: 095,
// 100, 120, 125, 130, 135), naming every such field at once together
// with anything else the client would refuse (a SessionId, the profile's
// keys): the platform would only refuse it (exit 4). A session whose last
// request of this transaction was never answered sends that request
// again, not this description, so it is not checked.
func checkRequired(c *sunshine.Client, spec sunshine.RequestSpec, s *purchase.Session) error {
	req, ok := sunshine.Required()[spec.Transaction]
	if !ok {
		return nil
	}
	if s != nil && s.Unanswered != nil && s.Unanswered.Spec.Transaction == spec.Transaction {
		return nil
	}
	bad := badRequired(spec, req.Items)
	if len(bad) == 0 {
		return nil
	}
	var fields []failure.FieldError
	var fe *failure.Error
	if _, err := c.Build(spec); errors.As(err, &fe) && fe.Kind == failure.Usage {
		fields = append(fields, fe.Fields...)
	}
	fields = append(fields, bad...)
	e := failure.Invalid(sunshine.Provider, spec.Transaction.Operation(), fields...)
	e.Hint = fmt.Sprintf("the manual's table for %s (section %s) requires each of these, in the form it gives; start from `insure example sunshine %s`",
		spec.Transaction, req.Section, spec.Transaction)
	return e
}

// badRequired lists the requirements spec leaves absent or empty, or
// gives in another form than the manual's.
func badRequired(spec sunshine.RequestSpec, items []sunshine.Requirement) []failure.FieldError {
	input := func(name string) string {
		for _, g := range spec.InputsList {
			if v, ok := g.Get(name); ok {
				return v
			}
		}
		return ""
	}
	// Payment and Order members are read from the description as its
	// YAML (and JSON) names them, the names Field uses.
	var doc any
	if b, err := json.Marshal(spec); err == nil {
		_ = json.Unmarshal(b, &doc)
	}
	var bad []failure.FieldError
	for _, r := range items {
		rule := "required by " + string(spec.Transaction) + ": " + r.Label
		var places []placed
		example := r.Example
		switch {
		case r.Input != "":
			if r.UnlessNewCar {
				if input("noLicenseFlag") != "0" {
					continue
				}
				rule += " (noLicenseFlag is 0)"
			}
			places = []placed{{r.Group + "." + r.Input, input(r.Input)}}
			example = "--set " + r.Group + "." + r.Input + "=" + r.Example
		case r.Field != "":
			places = valuesAt(doc, r.Field)
		}
		for _, p := range places {
			switch {
			case p.value == "":
				bad = append(bad, failure.FieldError{Field: p.path, Rule: rule, Example: example})
			case r.Format != nil && !r.Format.Valid(p.value):
				bad = append(bad, failure.FieldError{Field: p.path, Example: example,
					Rule: fmt.Sprintf("%q is not the form %s takes: %s", p.value, spec.Transaction, r.Format.Rule)})
			}
		}
	}
	return bad
}

// placed is a value of the description and where it is.
type placed struct{ path, value string }

// valuesAt returns the places path names in doc and their values, ""
// where absent; "name[]" is every element of the list name, the first
// one when the list is empty or absent.
func valuesAt(doc any, path string) []placed {
	head, rest, more := strings.Cut(path, ".")
	name, list := strings.CutSuffix(head, "[]")
	m, _ := doc.(map[string]any)
	v := m[name]
	if !list {
		if !more {
			s, _ := v.(string)
			return []placed{{name, s}}
		}
		return prefix(name+".", valuesAt(v, rest))
	}
	elems, _ := v.([]any)
	if len(elems) == 0 {
		elems = []any{nil}
	}
	var out []placed
	for i, el := range elems {
		out = append(out, prefix(fmt.Sprintf("%s[%d].", name, i), valuesAt(el, rest))...)
	}
	return out
}

func prefix(p string, places []placed) []placed {
	for i := range places {
		places[i].path = p + places[i].path
	}
	return places
}
