package get

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/paoding"
)

// Render lays a report out for reading on a terminal.
func Render(w io.Writer, cs *iostreams.ColorScheme, r *paoding.Report) error {
	return RenderFor(w, cs, r, true)
}

// RenderFor lays a report out for reading, its tables fitted to the
// terminal when tty, else (-o table in a pipe) tab-separated with every
// character kept, as every other table in a pipe is.
func RenderFor(w io.Writer, cs *iostreams.ColorScheme, r *paoding.Report, tty bool) error {
	kv := output.NewKeyValues()
	kv.Add("order", oneLine(r.OrderID.String()+"  (platform "+r.PlatformOrderID.String()+")"))
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
			kv.Add(k, oneLine(v))
		}
	}
	add("vin", r.VIN.String())
	if r.BrandFactory != "" {
		add("brand factory", r.BrandFactory.String()+" ("+strconv.Itoa(int(r.BrandFactoryID))+")")
	}
	if r.TotalMileage != "" {
		add("mileage", r.TotalMileage.String()+" km")
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

	if err := renderCarInfo(w, cs, r.CarInfo, tty); err != nil {
		return err
	}
	renderImages(w, cs, "Result images", r.ResultImages)

	fmt.Fprintf(w, "\n%s\n", cs.Bold("Checks"))
	abnormal, reported := 0, 0
	for _, c := range r.Checks() {
		mark, verdict := cs.SuccessIcon(), "normal"
		if c.Known {
			reported++
		}
		switch {
		case !c.Known:
			mark, verdict = cs.Gray("?"), cs.Gray("not reported")
		case !c.Normal:
			abnormal++
			mark, verdict = cs.FailureIcon(), cs.Red("ABNORMAL")
		}
		line := fmt.Sprintf("  %s %-32s %s", mark, c.Name, verdict)
		if c.Remark != "" {
			line += "  " + oneLine(c.Remark)
		}
		fmt.Fprintln(w, line)
	}
	switch {
	case reported == 0:
		// Nothing reported is not a clean car.
		fmt.Fprintln(w, "  "+cs.Gray("no check was reported"))
	case abnormal == 0 && reported < len(r.Checks()):
		fmt.Fprintf(w, "  %s\n", cs.Green(fmt.Sprintf("no abnormal checks among the %d reported", reported)))
	case abnormal == 0:
		fmt.Fprintln(w, "  "+cs.Green("no abnormal checks"))
	}

	fmt.Fprintf(w, "\n%s (%d)\n", cs.Bold("Maintenance records"), len(r.ResultDetails))
	if len(r.ResultDetails) > 0 {
		t := output.NewTable(tty, "date", "km", "type", "project", "material", "abnormal").Flexible("project", "material")
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
		for _, d := range r.ResultDetails {
			if len(d.DetailImages) > 0 {
				renderImages(w, cs, "Images of "+d.Date.String()+" "+d.Project.String(), d.DetailImages)
			}
		}
	}
	return renderClaims(w, cs, r)
}

// renderCarInfo shows the vehicle the platform decoded from the VIN
// (carInfo, document version 1.6), one block per entry, with the
// catalogue models it may be.
func renderCarInfo(w io.Writer, cs *iostreams.ColorScheme, cars paoding.CarInfoList, tty bool) error {
	for i, c := range cars {
		title := "Vehicle"
		if len(cars) > 1 {
			title = fmt.Sprintf("Vehicle %d of %d", i+1, len(cars))
		}
		fmt.Fprintf(w, "\n%s\n", cs.Bold(title))
		kv := output.NewKeyValues()
		for _, f := range []struct {
			k string
			v paoding.Text
		}{
			{"  message", c.Message}, {"  vin", c.VIN}, {"  brand", c.Brand}, {"  maker", c.SubBrand},
			{"  series", c.Series}, {"  model", c.Model}, {"  sales name", c.SalesName}, {"  model year", c.Years},
			{"  produced", c.ProductYear}, {"  production ended", c.ProductStop}, {"  type", c.CarType},
			{"  level", c.Level}, {"  body", c.CarBody}, {"  doors", c.Doors}, {"  seats", c.Seats},
			{"  engine", c.EnginesMode}, {"  displacement", c.EnginesML}, {"  power (kW)", c.EnginesKW},
			{"  fuel", c.FuelType}, {"  emission", c.Emission}, {"  transmission", c.TransmissionType},
			{"  gears", c.NumbersOfShift}, {"  gearbox", c.TransmissionDes}, {"  drive", c.DriverMode},
			{"  model code", c.CarCode}, {"  guide price", c.Price},
		} {
			if f.v != "" {
				kv.Add(f.k, oneLine(f.v.String()))
			}
		}
		if err := kv.Render(w); err != nil {
			return err
		}
		if len(c.MatchModels) == 0 {
			continue
		}
		t := output.NewTable(tty, "model id", "model", "series", "price", "picture").Flexible("model", "picture")
		for _, m := range c.MatchModels {
			t.Row(m.ModelID.String(), m.Model.String(), m.Series.String(), m.Price.String(), m.Picture.String())
		}
		fmt.Fprintf(w, "  %s\n", "matching models")
		if !tty {
			// Tab-separated rows start at the left edge: an indent would
			// be part of the first cell for cut or a spreadsheet.
			if err := t.Render(w); err != nil {
				return err
			}
			continue
		}
		// Indented under its label, as the vehicle's keys are: at the left
		// edge it read as a section of its own. The indent is fitted too,
		// or a cut row would be four columns too wide and wrap.
		t.SetWidth(output.TerminalWidth() - len(modelIndent))
		var table bytes.Buffer
		if err := t.Render(&table); err != nil {
			return err
		}
		for _, line := range strings.SplitAfter(table.String(), "\n") {
			if line != "" {
				if _, err := io.WriteString(w, modelIndent+line); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// modelIndent sets the matching models' table under its label.
const modelIndent = "    "

// renderImages lists image URLs, one a line.
func renderImages(w io.Writer, cs *iostreams.ColorScheme, title string, urls paoding.StringList) {
	if len(urls) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s (%d)\n", cs.Bold(oneLine(title)), len(urls))
	for _, u := range urls {
		fmt.Fprintln(w, "  "+oneLine(u))
	}
}

// oneLine keeps provider text on the line of its label: a line break
// (or a tab) inside it becomes two spaces, so a multi-line remark stays
// readable and cannot print what reads as a line of insure's own.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' })
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(strings.ReplaceAll(p, "\t", " ")); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "  ")
}

func renderClaims(w io.Writer, cs *iostreams.ColorScheme, r *paoding.Report) error {
	fmt.Fprintf(w, "\n%s\n", cs.Bold("Claims"))
	if r.ClaimReportStatus != nil && *r.ClaimReportStatus != 0 {
		msg := map[int]string{1: "no claim record", 2: "claim lookup failed"}[int(*r.ClaimReportStatus)]
		if r.ClaimReportRemark != "" {
			msg += ": " + oneLine(r.ClaimReportRemark.String())
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
	kv.Add("  claims", count(cr.ClaimCount))
	kv.Add("  total paid", yuan(cr.ClaimMoney))
	kv.Add("  repairs", count(cr.RepairCount)+" items, "+yuan(cr.RepairMoney))
	kv.Add("  parts replaced", count(cr.RenewCount)+" items, "+yuan(cr.RenewMoney))
	if cr.OtherAmount != "" {
		kv.Add("  other", yuan(cr.OtherAmount))
	}
	if err := kv.Render(w); err != nil {
		return err
	}
	// One block per claim rather than a table: a table fitted to an
	// 80-column terminal cut the amounts ("¥5400.…") and the items.
	for i, c := range cr.CarClaimRecords {
		title := fmt.Sprintf("Claim %d of %d", i+1, len(cr.CarClaimRecords))
		if when := output.ProviderTime(c.DangerTime.String()); when != "" {
			title += ": " + oneLine(when)
		}
		fmt.Fprintf(w, "\n  %s\n", cs.Bold(title))
		kv := output.NewKeyValues()
		for _, f := range []struct{ k, v string }{
			{"    plate", c.LicenseNo.String()}, {"    model", c.VehicleModel.String()}, {"    vin", c.FrameNo.String()},
		} {
			if f.v != "" {
				kv.Add(f.k, oneLine(f.v))
			}
		}
		paid := yuan(c.DamageMoney) + " (repairs " + yuan(c.RepairAmount) + ", parts " + yuan(c.RenewalAmount)
		if c.OtherAmount != "" {
			paid += ", other " + yuan(c.OtherAmount)
		}
		kv.Add("    paid", paid+")")
		if err := kv.Render(w); err != nil {
			return err
		}
		if len(c.ClaimDetails) > 0 {
			fmt.Fprintln(w, "    items:")
		}
		for _, d := range c.ClaimDetails {
			fmt.Fprintln(w, "      "+oneLine(d.ItemName.String())+" ("+oneLine(d.ItemType.String())+") "+yuan(d.ItemAmount))
		}
	}
	return nil
}

// yuan shows an amount Paoding sends in fen.
func yuan(fen paoding.Text) string {
	if fen == "" {
		return "-"
	}
	return "¥" + oneLine(paoding.FenToYuan(fen.String()))
}

// count shows a count the platform may leave out.
func count(n paoding.Text) string {
	if strings.TrimSpace(n.String()) == "" {
		return "-"
	}
	return oneLine(n.String())
}
