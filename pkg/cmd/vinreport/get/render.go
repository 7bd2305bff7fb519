package get

import (
	"fmt"
	"io"
	"strconv"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
)

// Render lays a report out for reading on a terminal.
func Render(w io.Writer, cs *iostreams.ColorScheme, r *paoding.Report) error {
	kv := output.NewKeyValues()
	kv.Add("order", r.OrderID.String()+"  (platform "+r.PlatformOrderID.String()+")")
	status := r.StatusText()
	switch int(r.Status) {
	case paoding.StatusFound:
		status = cs.Green(status)
	case paoding.StatusGenerating:
		status = cs.Yellow(status)
	default:
		status = cs.Red(status)
	}
	kv.Add("status", status)
	add := func(k, v string) {
		if v != "" {
			kv.Add(k, v)
		}
	}
	add("vin", r.VIN.String())
	if r.BrandFactory != "" {
		kv.Add("brand factory", r.BrandFactory.String()+" ("+strconv.Itoa(int(r.BrandFactoryID))+")")
	}
	if r.TotalMileage != "" {
		kv.Add("mileage", r.TotalMileage.String()+" km")
	}
	add("last visit", r.LastTimeToShop.String())
	add("ordered", output.ProviderTime(r.CreateTime.String()))
	add("finished", output.ProviderTime(r.FinishTime.String()))
	add("summary", r.ResultDescription.String())
	if err := kv.Render(w); err != nil {
		return err
	}
	if r.Status != paoding.StatusFound {
		return nil
	}

	fmt.Fprintf(w, "\n%s\n", cs.Bold("Checks"))
	abnormal := 0
	for _, c := range r.Checks() {
		mark, verdict := cs.SuccessIcon(), "normal"
		switch {
		case !c.Known:
			mark, verdict = cs.Gray("?"), cs.Gray("not reported")
		case !c.Normal:
			abnormal++
			mark, verdict = cs.FailureIcon(), cs.Red("ABNORMAL")
		}
		line := fmt.Sprintf("  %s %-32s %s", mark, c.Name, verdict)
		if c.Remark != "" {
			line += "  " + c.Remark
		}
		fmt.Fprintln(w, line)
	}
	if abnormal == 0 {
		fmt.Fprintln(w, "  "+cs.Green("no abnormal checks"))
	}

	fmt.Fprintf(w, "\n%s (%d)\n", cs.Bold("Maintenance records"), len(r.ResultDetails))
	if len(r.ResultDetails) > 0 {
		t := output.NewTable(true, "date", "km", "type", "project", "material", "abnormal").Flexible("project", "material")
		for _, d := range r.ResultDetails {
			ab := ""
			if d.IsAbnormal {
				ab = cs.Red("yes")
			}
			t.Row(d.Date.String(), d.Kilometers.String(), d.Type.String(), d.Project.String(), d.Material.String(), ab)
		}
		if err := t.Render(w); err != nil {
			return err
		}
	}
	return renderClaims(w, cs, r)
}

func renderClaims(w io.Writer, cs *iostreams.ColorScheme, r *paoding.Report) error {
	fmt.Fprintf(w, "\n%s\n", cs.Bold("Claims"))
	if r.ClaimReportStatus != nil && *r.ClaimReportStatus != 0 {
		msg := map[int]string{1: "no claim record", 2: "claim lookup failed"}[int(*r.ClaimReportStatus)]
		if r.ClaimReportRemark != "" {
			msg += ": " + r.ClaimReportRemark.String()
		}
		fmt.Fprintln(w, "  "+msg)
		return nil
	}
	cr := r.ClaimReport
	if cr == nil {
		fmt.Fprintln(w, "  not reported")
		return nil
	}
	kv := output.NewKeyValues()
	kv.Add("  claims", cr.ClaimCount.String())
	kv.Add("  total paid", yuan(cr.ClaimMoney))
	kv.Add("  repairs", cr.RepairCount.String()+" items, "+yuan(cr.RepairMoney))
	kv.Add("  parts replaced", cr.RenewCount.String()+" items, "+yuan(cr.RenewMoney))
	if err := kv.Render(w); err != nil {
		return err
	}
	if len(cr.CarClaimRecords) == 0 {
		return nil
	}
	t := output.NewTable(true, "date", "plate", "model", "paid", "repair", "parts", "items").Flexible("model", "items")
	for _, c := range cr.CarClaimRecords {
		items := ""
		for i, d := range c.ClaimDetails {
			if i > 0 {
				items += "; "
			}
			items += d.ItemName.String() + " (" + d.ItemType.String() + ") " + yuan(d.ItemAmount)
		}
		t.Row(output.ProviderTime(c.DangerTime.String()), c.LicenseNo.String(), c.VehicleModel.String(), yuan(c.DamageMoney), yuan(c.RepairAmount), yuan(c.RenewalAmount), items)
	}
	fmt.Fprintln(w)
	return t.Render(w)
}

// yuan shows an amount Paoding sends in fen.
func yuan(fen paoding.Text) string {
	if fen == "" {
		return "-"
	}
	return "¥" + paoding.FenToYuan(fen.String())
}
