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
// lacks what the manual's table for its transaction requires
// (sunshine.Required: 095, 100, 120, 130, 135), naming every missing one at once
// together with anything else the client would refuse (a SessionId, the
// profile's keys). A session whose last request of this transaction was
// never answered sends that request again, not this description, so it
// is not checked.
func checkRequired(c *sunshine.Client, spec sunshine.RequestSpec, s *purchase.Session) error {
	req, ok := sunshine.Required[spec.Transaction]
	if !ok {
		return nil
	}
	if s != nil && s.Unanswered != nil && s.Unanswered.Spec.Transaction == spec.Transaction {
		return nil
	}
	missing := missingRequired(spec, req.Items)
	if len(missing) == 0 {
		return nil
	}
	var fields []failure.FieldError
	var fe *failure.Error
	if _, err := c.Build(spec); errors.As(err, &fe) && fe.Kind == failure.Usage {
		fields = append(fields, fe.Fields...)
	}
	fields = append(fields, missing...)
	e := failure.Invalid(sunshine.Provider, spec.Transaction.Operation(), fields...)
	e.Hint = fmt.Sprintf("the manual's table for %s (section %s) requires each of these; start from `insure example sunshine %s`",
		spec.Transaction, req.Section, spec.Transaction)
	return e
}

// missingRequired lists the requirements spec leaves absent or empty.
func missingRequired(spec sunshine.RequestSpec, items []sunshine.Requirement) []failure.FieldError {
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
		switch {
		case r.Input != "":
			if r.UnlessNewCar {
				if input("noLicenseFlag") != "0" {
					continue
				}
				rule += " (noLicenseFlag is 0)"
			}
			if input(r.Input) == "" {
				bad = append(bad, failure.FieldError{Field: r.Group + "." + r.Input, Rule: rule,
					Example: "--set " + r.Group + "." + r.Input + "=" + r.Example})
			}
		case r.Field != "":
			for _, path := range emptyPaths(doc, r.Field) {
				bad = append(bad, failure.FieldError{Field: path, Rule: rule, Example: r.Example})
			}
		}
	}
	return bad
}

// emptyPaths returns the places path names in doc whose value is absent or
// an empty string; "name[]" is every element of the list name, the first
// one when the list is empty or absent.
func emptyPaths(doc any, path string) []string {
	head, rest, more := strings.Cut(path, ".")
	name, list := strings.CutSuffix(head, "[]")
	m, _ := doc.(map[string]any)
	v := m[name]
	if !list {
		if !more {
			if s, _ := v.(string); s != "" {
				return nil
			}
			return []string{name}
		}
		return prefix(name+".", emptyPaths(v, rest))
	}
	elems, _ := v.([]any)
	if len(elems) == 0 {
		elems = []any{nil}
	}
	var out []string
	for i, el := range elems {
		out = append(out, prefix(fmt.Sprintf("%s[%d].", name, i), emptyPaths(el, rest))...)
	}
	return out
}

func prefix(p string, paths []string) []string {
	for i := range paths {
		paths[i] = p + paths[i]
	}
	return paths
}
