package purchase

import (
	"strconv"

	"github.com/insurekit/insure/providers/sunshine"
)

// The platform repeats a form group for each of several people (the 105
// answer carries one driverInfo group per named driver) and tells the
// groups apart only by their order. So a group is known by its type and
// its position among the groups of that type, in forms, in answers
// (GROUP[N].KEY) and in the input groups sent back.

// GroupName is how answers name the index-th group of type typ: the type
// alone when the form has one group of it, else with the index from 0.
func GroupName(typ string, index int, repeated bool) string {
	if !repeated {
		return typ
	}
	return typ + "[" + strconv.Itoa(index) + "]"
}

// FormGroup is one group of a form, with its place among the form's
// groups of the same type.
type FormGroup struct {
	Type  string
	Tags  []sunshine.Tag
	Index int // among the groups of Type, from 0
	Count int // how many groups of Type the form has
}

// Repeated says the form has more than one group of this type.
func (g FormGroup) Repeated() bool { return g.Count > 1 }

// Name is the group as answers name it: GROUP or GROUP[N].
func (g FormGroup) Name() string { return GroupName(g.Type, g.Index, g.Repeated()) }

// Control is the group's control t.
func (g FormGroup) Control(t sunshine.Tag) Control {
	return Control{Group: g.Type, Index: g.Index, Repeated: g.Repeated(), Tag: t}
}

// FormGroups numbers the groups of a form among those of their type.
func FormGroups(form []sunshine.Tags) []FormGroup {
	count := map[string]int{}
	for _, g := range form {
		count[g.Type]++
	}
	seen := map[string]int{}
	out := make([]FormGroup, len(form))
	for i, g := range form {
		out[i] = FormGroup{Type: g.Type, Tags: g.Tags, Index: seen[g.Type], Count: count[g.Type]}
		seen[g.Type]++
	}
	return out
}

// slots gives each group of an input list its position among the list's
// groups of the same type, as the platform reads them.
func slots(list []sunshine.Inputs) []int {
	seen := map[string]int{}
	out := make([]int, len(list))
	for i, g := range list {
		out[i] = seen[g.Type]
		seen[g.Type]++
	}
	return out
}

// slotKey keys an input of the slot-th group of its type in maps keyed
// by input name. The first group's inputs keep the bare name, so sessions
// saved before groups were told apart read the same.
func slotKey(name string, slot int) string {
	if slot == 0 {
		return name
	}
	return name + "[" + strconv.Itoa(slot) + "]"
}

// groupSet collects inputs by group type and slot. Its list keeps the
// types in the order they first came and each type's groups in slot
// order; a slot nobody filled stays as an empty group holding the place
// of the ones after it (Merge sends it only when a later one is sent).
type groupSet struct {
	types  []string
	groups map[string][]sunshine.Inputs
}

func (s *groupSet) add(typ string, slot int, in sunshine.Input) {
	if s.groups == nil {
		s.groups = map[string][]sunshine.Inputs{}
	}
	gs, ok := s.groups[typ]
	if !ok {
		s.types = append(s.types, typ)
	}
	for len(gs) <= slot {
		gs = append(gs, sunshine.Inputs{Type: typ})
	}
	gs[slot].Inputs = append(gs[slot].Inputs, in)
	s.groups[typ] = gs
}

func (s *groupSet) list() []sunshine.Inputs {
	var out []sunshine.Inputs
	for _, t := range s.types {
		out = append(out, s.groups[t]...)
	}
	return out
}
