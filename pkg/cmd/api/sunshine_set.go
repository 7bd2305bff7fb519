package api

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// setInput applies one --set answer to the request's input groups. A
// group is known by its type and its place among the groups of that type,
// as the platform reads them (purchase.GroupName):
//
//   - GROUP[N].KEY sets KEY in the N-th group of type GROUP, from 0; when
//     the request has fewer, empty groups of the type are added after its
//     last one (or at the end) to keep each group's place;
//   - GROUP.KEY sets KEY in the one group of type GROUP, added if absent;
//   - KEY replaces the input KEY wherever it is, or adds it to the first
//     group.
//
// An answer without an index that could be meant for any of several
// groups of one type is refused, as the guided commands refuse it: two
// people's details are not guessed from one value.
func setInput(list []sunshine.Inputs, x purchase.Answer) ([]sunshine.Inputs, *failure.FieldError) {
	count := map[string]int{}
	for _, g := range list {
		count[g.Type]++
	}
	// Untyped groups cannot be named with an index (GROUP[N] needs its
	// GROUP), so only typed ones count as repeated.
	repeated := func(typ string) bool { return typ != "" && count[typ] > 1 }
	ambiguous := func(typ string) *failure.FieldError {
		return &failure.FieldError{Field: x.Field(),
			Rule:    fmt.Sprintf("the request has %d %s groups; say which one, counting from 0", count[typ], typ),
			Example: "--set " + purchase.GroupName(typ, 0, true) + "." + x.Key + "=" + x.Value}
	}
	if fe := caseTypo(list, x); fe != nil {
		return list, fe
	}
	switch {
	case x.Indexed:
		var at []int
		for gi, g := range list {
			if g.Type == x.Group {
				at = append(at, gi)
			}
		}
		for len(at) <= x.Index {
			pos := len(list)
			if len(at) > 0 {
				pos = at[len(at)-1] + 1
			}
			list = slices.Insert(list, pos, sunshine.Inputs{Type: x.Group})
			at = append(at, pos)
		}
		setIn(&list[at[x.Index]], x.Key, x.Value)
		return list, nil
	case x.Group != "":
		switch count[x.Group] {
		case 0:
			return append(list, sunshine.Inputs{Type: x.Group, Inputs: []sunshine.Input{{Name: x.Key, Value: x.Value}}}), nil
		case 1:
			for gi := range list {
				if list[gi].Type == x.Group {
					setIn(&list[gi], x.Key, x.Value)
				}
			}
			return list, nil
		}
		return list, ambiguous(x.Group)
	}
	var holders []int
	for gi, g := range list {
		if _, ok := g.Get(x.Key); ok {
			if repeated(g.Type) {
				return list, ambiguous(g.Type)
			}
			holders = append(holders, gi)
		}
	}
	switch {
	case len(holders) > 0:
		for _, gi := range holders {
			setIn(&list[gi], x.Key, x.Value)
		}
	case len(list) == 0:
		list = append(list, sunshine.Inputs{Inputs: []sunshine.Input{{Name: x.Key, Value: x.Value}}})
	case repeated(list[0].Type):
		return list, ambiguous(list[0].Type)
	default:
		setIn(&list[0], x.Key, x.Value)
	}
	return list, nil
}

// caseTypo refuses a --set whose group type or input name is not in the
// request but differs from one that is only in letter case: XML names are
// case-sensitive, so it would be sent as a further group or input
// (vehicleinfo beside vehicleInfo) and the value meant to change would go
// out unchanged. A name the request does not have in any case is added, as
// setInput says.
func caseTypo(list []sunshine.Inputs, x purchase.Answer) *failure.FieldError {
	group, key := x.Group, x.Key
	var fixed []string
	if group != "" {
		has := false
		for _, g := range list {
			has = has || g.Type == group
		}
		for _, g := range list {
			if !has && g.Type != "" && strings.EqualFold(g.Type, group) {
				fixed, group = append(fixed, "group "+strconv.Quote(x.Group)+" is "+strconv.Quote(g.Type)), g.Type
				break
			}
		}
	}
	// The groups the key would be set in: those of its type (the N-th
	// with an index), or every group without one.
	var scope []sunshine.Inputs
	n := 0
	for _, g := range list {
		switch {
		case group == "":
			scope = append(scope, g)
		case g.Type == group:
			if !x.Indexed || n == x.Index {
				scope = append(scope, g)
			}
			n++
		}
	}
	found, alt := false, ""
	for _, g := range scope {
		for _, in := range g.Inputs {
			if in.Name == key {
				found = true
			} else if alt == "" && strings.EqualFold(in.Name, key) {
				alt = in.Name
			}
		}
	}
	if !found && alt != "" {
		fixed, key = append(fixed, "input "+strconv.Quote(x.Key)+" is "+strconv.Quote(alt)), alt
	}
	if len(fixed) == 0 {
		return nil
	}
	name := key
	switch {
	case x.Indexed:
		name = purchase.GroupName(group, x.Index, true) + "." + key
	case group != "":
		name = group + "." + key
	}
	return &failure.FieldError{Field: x.Field(),
		Rule: "differs only in letter case from the request's spelling (" + strings.Join(fixed, ", ") +
			"); names are case-sensitive, so it would be sent as another one and the value meant to change left as it was",
		Example: "--set " + name + "=" + x.Value}
}

// setIn replaces the input key of g (every one of that name), or adds it.
func setIn(g *sunshine.Inputs, key, value string) {
	found := false
	for ii := range g.Inputs {
		if g.Inputs[ii].Name == key {
			g.Inputs[ii].Value, found = value, true
		}
	}
	if !found {
		g.Inputs = append(g.Inputs, sunshine.Input{Name: key, Value: value})
	}
}
