package purchase

import (
	"context"
	"strings"
	"time"

	"github.com/insurekit/insure/providers/sunshine"
)

// Asker answers what the given answers leave open: on a terminal a person
// is asked. A flow without an Asker (a script) never asks: a control that
// still needs a value is a usage error listing every such control.
type Asker interface {
	// Ask asks for the controls of one form and returns a value per
	// control, by Control.Field. Each value should be checked with
	// CheckAnswer as it is given: a mistyped date is better corrected in
	// place than refused. Fill refuses (exit 2) any value that breaks it.
	Ask(ctx context.Context, q Questions) (map[string]string, error)
	// Choose picks which of controls to change (a 110 re-quote: seventeen
	// questions in a row would bury the one the person came for).
	Choose(ctx context.Context, title string, controls []Control) ([]int, error)
	// VerificationCode asks for the code texted to the applicant (127);
	// "" asks for it to be sent again (126). refused is the platform's
	// answer to the previous code, nil the first time.
	VerificationCode(ctx context.Context, refused error) (string, error)
}

// Questions are the controls of one form to ask about.
type Questions struct {
	Transaction sunshine.Transaction
	// Message is the platform's message with the form, shown first.
	Message string
	// Form is the whole form: its read-only values are worth showing.
	Form     []sunshine.Tags
	Controls []Control
	// Current holds each control's present value (or a default), by Field.
	Current map[string]string
	// Refused says, by Field, why the platform's field check (checkUrl)
	// refused the value given before: the control is asked again, and
	// the person should see what was wrong with it.
	Refused map[string]string
	// Now is the day answers are checked against (CheckAnswer); zero:
	// the clock's.
	Now time.Time
}

// Progress hears how a flow goes, for a terminal's stderr. Nil hears
// nothing.
type Progress interface {
	// Answered is called after each step the platform answered.
	Answered(txn sunshine.Transaction, resp *sunshine.Response)
	// Note is something the person should know although nothing failed.
	Note(text string)
}

// Control is one form control with the group it belongs to.
type Control struct {
	Group string
	// Index is the group's position among the form's groups of the same
	// type, from 0, and Repeated says the form has more than one: the
	// platform repeats a group for each of several people (two driverInfo
	// groups for two named drivers), and each is answered on its own.
	Index    int
	Repeated bool
	Tag      sunshine.Tag
}

// Key is the control's input name.
func (c Control) Key() string { return c.Tag.Key() }

// Type is the control's type in lower case (text, select, radio, ...).
func (c Control) Type() string { return strings.ToLower(c.Tag.Type()) }

// GroupName names the control's group as answers do: GROUP, or GROUP[N]
// when the form repeats the group.
func (c Control) GroupName() string { return GroupName(c.Group, c.Index, c.Repeated) }

// Field names the control in answers and errors: GROUP.KEY, or
// GROUP[N].KEY in a repeated group.
func (c Control) Field() string { return strings.TrimPrefix(c.GroupName()+"."+c.Key(), ".") }

// Answerable says the control's value is sent back: labels are shown,
// disabled controls are not editable, and neither is returned.
func (c Control) Answerable() bool {
	return c.Key() != "" && c.Type() != "label" && !c.Tag.Disabled()
}
