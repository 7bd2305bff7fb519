package api

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/internal/cmdtest"
	"github.com/insurekit/insure/pkg/cmdutil"
	"github.com/insurekit/insure/pkg/failure"
)

// A --set whose group or input differs from one the request has only in
// letter case is a typo, not a new group or input: XML names are
// case-sensitive, so sending it would add vehicleinfo beside vehicleInfo
// (or citycode beside cityCode) and leave the value meant to change as it
// was. It is refused (exit 2, nothing sent) with the request's spelling.
func TestSunshineSetRefusesCaseOnlyDifferences(t *testing.T) {
	e := cmdtest.New(t, cmdtest.Options{})
	for set, want := range map[string]string{
		"vehicleinfo.seats=7":         "--set vehicleInfo.seats=7",
		"vehicleInfo.SEATS=7":         "--set vehicleInfo.seats=7",
		"driverinfo[1].x=1":           "--set driverInfo[1].x=1",
		"driverInfo[0].DriverName=王五": "--set driverInfo[0].driverName=王五",
		"Seats=7":                     "--set seats=7",
	} {
		_, err := dryRunInputs(t, e, twoDrivers, set)
		var fe *failure.Error
		if cmdutil.ExitCode(err) != 2 || !errors.As(err, &fe) || len(fe.Fields) != 1 || fe.Fields[0].Example != want ||
			!strings.Contains(fe.Fields[0].Rule, "case") || len(e.Received()) != 0 {
			t.Errorf("--set %s: exit %d: %v (%+v)", set, cmdutil.ExitCode(err), err, fe)
		}
	}
	// A group or input the request does not have at all is still added.
	got, err := dryRunInputs(t, e, twoDrivers, "carInfo.x=1", "vehicleInfo.color=red")
	if err != nil || len(got) != 4 || got[3].Type != "carInfo" {
		t.Fatalf("%v %+v", err, got)
	}
}
