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
