package find

// The profile column gives way on a narrow terminal when every step is of
// one profile (fitTerminal): it then says nothing a row needs (history
// show takes the id under any profile). A pipe keeps every column, so a
// script's cut -f does not move.

// oneProfile says whether every step was sent under the same profile.
func oneProfile(steps []Step) bool {
	for _, s := range steps {
		if s.Profile != steps[0].Profile {
			return false
		}
	}
	return true
}

// withoutColumn drops column i from the header and every row.
func withoutColumn(header []string, rows [][]string, i int) ([]string, [][]string) {
	drop := func(cells []string) []string {
		return append(append([]string(nil), cells[:i]...), cells[i+1:]...)
	}
	out := make([][]string, len(rows))
	for j, r := range rows {
		out[j] = drop(r)
	}
	return drop(header), out
}
