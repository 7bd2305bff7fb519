package prompter

import "charm.land/huh/v2"

// Searcher is a Prompter whose select can be narrowed by typing, for long
// lists (vehicle models, cities).
type Searcher interface {
	SelectFiltered(prompt string, options []string) (int, error)
}

// SelectSearch asks with a filterable select where p has one, otherwise
// with its plain Select.
func SelectSearch(p Prompter, prompt string, options []string) (int, error) {
	if s, ok := p.(Searcher); ok {
		return s.SelectFiltered(prompt, options)
	}
	return p.Select(prompt, "", options)
}

// SelectFiltered is a select whose options can be filtered: "/" starts
// a filter, and what is typed then narrows them. It does not start
// filtering: huh hides the title while a filter is open, and the first
// Enter would only close the empty filter instead of choosing.
func (h *Huh) SelectFiltered(prompt string, options []string) (int, error) {
	opts := make([]huh.Option[int], len(options))
	for i, o := range options {
		opts[i] = huh.NewOption(o, i)
	}
	v := 0
	// The help line shows "/ filter": nothing else says how to start one.
	err := h.runWithKeys(huh.NewSelect[int]().Title(prompt).Options(opts...).Filtering(false).Height(min(len(options)+2, 14)).Value(&v), nil)
	return v, err
}
