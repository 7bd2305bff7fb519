package quote

import (
	"strings"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/prompter"
	"github.com/insurekit/insure/pkg/validate"
)

// Labels of the questions a new Sunshine purchase asks on a terminal for
// the flags left out.
const (
	PromptSunshinePlate  = "Plate (leave empty for a new car with no plate yet)"
	PromptSunshineCity   = "City code (8 digits; insure sunshine cities --query NAME finds one)"
	PromptSunshineOwner  = "Owner's name, as on the ID card"
	PromptSunshineMobile = "Owner's mobile"
)

// askSunshineStart asks, on a terminal, for what a new purchase needs and
// the flags did not give: the plate (none for a new car), the city code,
// the owner and the mobile, each checked as it is typed by the rule its
// flag meets (validateSunshineFlags), on one page. It asked nothing: a
// person who ran `insure quote --provider sunshine` got exit 2 listing
// four flags, where the eBao quote asks. A script, or --session, is not
// asked: the flags' check lists what is missing.
func askSunshineStart(opts *Options) error {
	so := &opts.Sunshine
	if so.Session != "" || !opts.IO.CanPrompt() {
		return nil
	}
	const group = "Sunshine purchase"
	var qs []prompter.Question
	if so.Plate == "" && !so.NewCar {
		qs = append(qs, prompter.Question{Key: "plate", Label: PromptSunshinePlate, Group: group, Example: "冀A00021",
			Validate: check(func(v string) *failure.FieldError {
				if v = normalisePlate(v); v == "" {
					return nil
				}
				return validate.Plate(v, true)
			})})
	}
	if so.City == "" {
		qs = append(qs, prompter.Question{Key: "city", Label: PromptSunshineCity, Group: group, Example: "07518800",
			Validate: check(func(v string) *failure.FieldError {
				if !cityRE().MatchString(v) {
					return &failure.FieldError{Rule: "Sunshine city codes are 8 digits", Example: "07518800"}
				}
				return nil
			})})
	}
	if so.Owner == "" {
		qs = append(qs, prompter.Question{Key: "owner", Label: PromptSunshineOwner, Group: group, Example: "张三",
			Validate: check(required("the owner's name is required", "张三"))})
	}
	if so.Mobile == "" {
		qs = append(qs, prompter.Question{Key: "mobile", Label: PromptSunshineMobile, Group: group, Example: "13800000000",
			Validate: check(func(v string) *failure.FieldError {
				if v == "" {
					return &failure.FieldError{Rule: "the owner's mobile is required", Example: "13800000000"}
				}
				return validate.Mobile(v)
			})})
	}
	if len(qs) == 0 {
		return nil
	}
	answers, err := prompter.AskAll(opts.Prompter(), qs)
	if err != nil {
		return err
	}
	if _, asked := answers["plate"]; asked {
		so.Plate = normalisePlate(answers["plate"])
		so.NewCar = so.Plate == ""
	}
	for key, flag := range map[string]*string{"city": &so.City, "owner": &so.Owner, "mobile": &so.Mobile} {
		if v, asked := answers[key]; asked {
			*flag = strings.TrimSpace(v)
		}
	}
	return nil
}
