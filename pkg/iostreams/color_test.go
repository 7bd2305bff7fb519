package iostreams

import "testing"

// Colour follows NO_COLOR (no-color.org: set and not empty), CLICOLOR=0,
// TERM=dumb and CLICOLOR_FORCE as gh does. The test's stdout is not a
// terminal, so only CLICOLOR_FORCE can turn colour on.
func TestColorEnvironment(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{}, false},
		{map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": ""}, true},
		{map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false},
		{map[string]string{"CLICOLOR_FORCE": "1", "CLICOLOR": "0"}, false},
		{map[string]string{"CLICOLOR_FORCE": "1", "TERM": "dumb"}, false},
	} {
		for _, k := range []string{"NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"} {
			t.Setenv(k, c.env[k])
		}
		s := System()
		for name, got := range map[string]string{"stdout": s.ColorScheme().Red("x"), "stderr": s.ErrColorScheme().Red("x")} {
			if painted := got != "x"; painted != c.want {
				t.Errorf("%v: %s painted %v (%q), want %v", c.env, name, painted, got, c.want)
			}
		}
	}
	t.Setenv("CLICOLOR_FORCE", "1")
	s := System()
	s.SetColorEnabled(false) // --no-color
	if s.ColorScheme().Red("x") != "x" || s.ErrColorScheme().Red("x") != "x" {
		t.Error("--no-color lost to CLICOLOR_FORCE")
	}
}
