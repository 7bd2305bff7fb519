package prompter

import (
	"io"

	"charm.land/huh/v2"
)

// Huh is a Prompter drawn with charmbracelet/huh on the given streams.
type Huh struct {
	In  io.Reader
	Out io.Writer
}

func (h *Huh) run(field huh.Field) error {
	f := huh.NewForm(huh.NewGroup(field)).WithShowHelp(false)
	if h.In != nil {
		f = f.WithInput(h.In)
	}
	if h.Out != nil {
		f = f.WithOutput(h.Out)
	}
	return f.Run()
}

func (h *Huh) Input(prompt, def string) (string, error) {
	v := def
	err := h.run(huh.NewInput().Title(prompt).Value(&v))
	return v, err
}

func (h *Huh) Password(prompt string) (string, error) {
	var v string
	err := h.run(huh.NewInput().Title(prompt).EchoMode(huh.EchoModePassword).Value(&v))
	return v, err
}

func (h *Huh) Confirm(prompt string, def bool) (bool, error) {
	v := def
	err := h.run(huh.NewConfirm().Title(prompt).Value(&v))
	return v, err
}

func (h *Huh) Select(prompt, def string, options []string) (int, error) {
	opts := make([]huh.Option[int], len(options))
	v := 0
	for i, o := range options {
		opts[i] = huh.NewOption(o, i)
		if o == def {
			v = i
		}
	}
	err := h.run(huh.NewSelect[int]().Title(prompt).Options(opts...).Value(&v))
	return v, err
}

func (h *Huh) MultiSelect(prompt string, defs []string, options []string) ([]int, error) {
	opts := make([]huh.Option[int], len(options))
	var v []int
	for i, o := range options {
		opts[i] = huh.NewOption(o, i)
		for _, d := range defs {
			if d == o {
				v = append(v, i)
			}
		}
	}
	err := h.run(huh.NewMultiSelect[int]().Title(prompt).Options(opts...).Value(&v))
	return v, err
}
