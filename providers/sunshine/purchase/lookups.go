package purchase

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// Lookups are the platform's look-ups a form's dataUrl and checkUrl point
// to; *sunshine.Client has them.
type Lookups interface {
	VehicleModels(ctx context.Context, q sunshine.ModelQuery) (*sunshine.VehicleModels, error)
	Regions(ctx context.Context, parent string) ([]sunshine.Region, error)
	RegistrationPlaces(ctx context.Context, code string) ([]sunshine.Region, error)
	CheckField(ctx context.Context, checkURL, key, value string) (bool, string, error)
}

// Picker is an Asker that can also offer a choice among what a look-up
// found (on a terminal: a select the person can filter).
type Picker interface {
	// Search asks for the text to look up; "" gives up.
	Search(ctx context.Context, title, current string) (string, error)
	// Pick returns the index of the chosen option.
	Pick(ctx context.Context, title string, options []sunshine.Option) (int, error)
}

// lookupKind says which look-up a control's dataUrl names.
func lookupKind(t sunshine.Tag) string {
	u := t.Get("dataUrl")
	switch {
	case strings.Contains(u, "netVehicleModel"):
		return "model"
	case strings.Contains(u, "getRegionListByParentCode"):
		return "region"
	case strings.Contains(u, "carThroughCity"):
		return "carPlace"
	}
	return ""
}

// guided answers, on a terminal, the controls of ask that a look-up
// serves: the vehicle model (which fills the hidden vehicleId), the
// delivery address cascade and the registration place. It returns the
// controls still to ask the ordinary way.
func guided(ctx context.Context, o FillOptions, ask []Control, values map[string]string) ([]Control, error) {
	p, ok := o.Asker.(Picker)
	if !ok || o.Lookups == nil {
		return ask, nil
	}
	byKey := map[string]Control{}
	for _, c := range ask {
		byKey[c.Key()] = c
	}
	all := map[string]Control{}
	for _, g := range FormGroups(o.Form) {
		for _, t := range g.Tags {
			all[t.Key()] = g.Control(t)
		}
	}
	done := map[string]bool{}

	// The model: asked when its name or the hidden id is open.
	if name, ok := all["vehicleModelName"]; ok && lookupKind(name.Tag) == "model" {
		_, askName := byKey["vehicleModelName"]
		_, askID := byKey["vehicleId"]
		if askName || askID {
			m, err := pickModel(ctx, p, o.Lookups, values[name.Field()], o.Note)
			if err != nil {
				return nil, err
			}
			if m != nil {
				values[name.Field()] = m.Name
				if id, ok := all["vehicleId"]; ok {
					values[id.Field()] = m.ID
				}
				if seats, ok := all["seats"]; ok && m.Seats > 0 {
					if _, asked := byKey["seats"]; asked {
						values[seats.Field()] = strconv.Itoa(m.Seats)
						done["seats"] = true
					}
				}
				done["vehicleModelName"], done["vehicleId"] = true, true
			}
		}
	}

	// The delivery address: province, city, town, each under the last.
	// A choice with nothing listed under it (the look-up knows no city of
	// that province) starts again from the province, saying why.
	levels := []string{"addresseeProvince", "addresseeCity", "addresseeTown"}
	if anyAsked(byKey, levels) && isRegion(all, levels) {
		note := ""
		for tries := 1; ; tries++ {
			parent, name, chosen, empty := "0", "", map[string]string{}, ""
			for li, k := range levels {
				c := all[k]
				list, err := o.Lookups.Regions(ctx, parent)
				if err != nil {
					return nil, err
				}
				if len(list) == 0 && li > 0 {
					empty = name
					break
				}
				title := PromptTitle(c.Tag)
				if li == 0 {
					title += note
				}
				i, err := pickRegion(ctx, p, title, list)
				if err != nil {
					return nil, err
				}
				chosen[c.Field()], name, parent = list[i].Code, list[i].Name, list[i].Code
			}
			if empty == "" {
				for _, k := range levels {
					values[all[k].Field()], done[k] = chosen[all[k].Field()], true
				}
				break
			}
			if tries == 3 {
				return nil, emptyLookup(PromptTitle(all[levels[0]].Tag), empty)
			}
			note = " (nothing is listed under " + empty + ": choose again)"
		}
	}

	// The registration place: a province, then its city; a province with
	// no place listed is asked again.
	if c, ok := byKey["carPlace"]; ok && lookupKind(c.Tag) == "carPlace" {
		provinces, err := o.Lookups.RegistrationPlaces(ctx, "00")
		if err != nil {
			return nil, err
		}
		title := PromptTitle(c.Tag) + ": province"
		for tries := 1; ; tries++ {
			i, err := pickRegion(ctx, p, title, provinces)
			if err != nil {
				return nil, err
			}
			list, err := o.Lookups.RegistrationPlaces(ctx, provinces[i].Code)
			if err != nil {
				return nil, err
			}
			if len(list) > 0 {
				if i, err = pickRegion(ctx, p, PromptTitle(c.Tag), list); err != nil {
					return nil, err
				}
				values[c.Field()], done["carPlace"] = list[i].Code, true
				break
			}
			if tries == 3 {
				return nil, emptyLookup(PromptTitle(c.Tag), provinces[i].Name)
			}
			title = PromptTitle(c.Tag) + ": province (nothing is listed under " + provinces[i].Name + ": choose again)"
		}
	}

	var rest []Control
	for _, c := range ask {
		if !done[c.Key()] {
			rest = append(rest, c)
		}
	}
	return rest, nil
}

func anyAsked(byKey map[string]Control, keys []string) bool {
	for _, k := range keys {
		if _, ok := byKey[k]; ok {
			return true
		}
	}
	return false
}

func isRegion(all map[string]Control, keys []string) bool {
	for _, k := range keys {
		c, ok := all[k]
		if !ok {
			return false
		}
		// The province may come as a select with the list as options.
		if lookupKind(c.Tag) != "region" && k != "addresseeProvince" {
			return false
		}
	}
	return true
}

// PromptTitle is a control's label and key, as prompts show them.
func PromptTitle(t sunshine.Tag) string {
	if t.Label() == "" {
		return t.Key()
	}
	return t.Label() + " (" + t.Key() + ")"
}

// emptyLookup is a person's third choice with nothing listed under it.
func emptyLookup(title, under string) error {
	return &failure.Error{Kind: failure.Usage, Provider: sunshine.Provider, Operation: "lookup",
		Message: "the look-up for " + title + " lists nothing under " + under + "; nothing was sent",
		Hint:    "choose another, or give the code with --set (codes from `insure sunshine regions`)"}
}

func pickRegion(ctx context.Context, p Picker, title string, list []sunshine.Region) (int, error) {
	if len(list) == 0 {
		return 0, &failure.Error{Kind: failure.Refused, Provider: sunshine.Provider, Operation: "lookup",
			Message: "the look-up for " + title + " found nothing", Hint: "answer it with --set KEY=CODE instead"}
	}
	opts := make([]sunshine.Option, len(list))
	for i, r := range list {
		opts[i] = sunshine.Option{Label: r.Name, Value: r.Code}
	}
	return p.Pick(ctx, title, opts)
}

// modelSearches is how many searches that find nothing pickModel takes
// before the model is asked as a plain answer.
const modelSearches = 3

// pickModel searches the catalogue until the person picks a model; nil
// when they give up (the controls are then asked as usual). A search that
// finds nothing is told through note (nil: nobody is told), and so is the
// plain answer that follows the last one: asking again in silence looked
// like the search had not run.
func pickModel(ctx context.Context, p Picker, l Lookups, current string, note func(string)) (*sunshine.VehicleModel, error) {
	if note == nil {
		note = func(string) {}
	}
	for tries := 1; tries <= modelSearches; tries++ {
		q, err := p.Search(ctx, "Vehicle model: search by brand, model or VIN", current)
		if err != nil || strings.TrimSpace(q) == "" {
			return nil, err
		}
		q = strings.TrimSpace(q)
		res, err := l.VehicleModels(ctx, sunshine.ModelQuery{Query: q, ByVIN: len(q) == 17, PageSize: 50})
		if err != nil {
			return nil, err
		}
		if len(res.Models) == 0 {
			current = ""
			if tries < modelSearches {
				note(fmt.Sprintf("Vehicle model: nothing found for %q; try a brand, a shorter name or the 17-character VIN (empty: answer it without searching)", q))
			} else {
				note(fmt.Sprintf("Vehicle model: nothing found for %q either; after %d searches the model is asked as a plain answer instead (vehicleModelName, and vehicleId if the form needs it: `insure sunshine vehicles` finds ids)", q, modelSearches))
			}
			continue
		}
		opts := make([]sunshine.Option, len(res.Models))
		for i, m := range res.Models {
			label := m.Name
			if m.Seats > 0 {
				label += fmt.Sprintf(" (%d seats)", m.Seats)
			}
			opts[i] = sunshine.Option{Label: label, Value: m.ID}
		}
		i, err := p.Pick(ctx, fmt.Sprintf("Vehicle model (%d found)", res.Total), opts)
		if err != nil {
			return nil, err
		}
		return &res.Models[i], nil
	}
	return nil, nil
}
