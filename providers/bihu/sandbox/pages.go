package sandbox

import (
	"net/http"
	"slices"
	"sync"

	// text/template's fork without method calls, as --template uses: a
	// reachable text/template or html/template execution would make the
	// linker keep every exported method in insure, and the html fork's
	// init costs every insure process start-up time. The page is one
	// fixed layout, so each value is escaped with the html function.
	template "github.com/DataDog/datadog-agent/pkg/template/text"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/bihu"
)

type pageKind int

const (
	pageQuote pageKind = iota
	pageReplenish
	pageIndex
	pageCheckList
	pageCustomers
)

// pageTitles are the pages' paths' last parts, shown as their titles.
var pageTitles = map[pageKind]string{
	pageQuote: "SelectInsuranceNew", pageReplenish: "ReplenishInfo",
	pageIndex: "Index", pageCheckList: "CheckList", pageCustomers: "list",
}

// pageParams are the query parameters each page binds (lower case): the
// token on every page, and what else the page shows.
var pageParams = map[pageKind][]string{
	pageQuote:     {"token", "renewaltoken"},
	pageReplenish: {"token", "licenseno", "carvin", "engineno", "citycode"},
	pageIndex:     {"token"},
	pageCheckList: {"token"},
	pageCustomers: {"token"},
}

// pageData is what a page shows: the tokens exactly as received, so a
// tester can see what the client put in the link, and what they mean.
type pageData struct {
	Title        string
	Status       int
	Token        string
	SessionNote  string
	RenewalToken string
	RenewalNote  string
	Vehicle      []string
}

// pageTmpl is parsed on first use: parsing at init would cost every insure
// process, sandbox or not, start-up time.
var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Parse(pageSource))
})

const pageSource = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{html .Title}} (insure sandbox)</title></head>
<body>
<h1>{{html .Title}}</h1>
<p>insure's Bihu sandbox: this page only shows what it received.</p>
<dl>
<dt>Token</dt><dd id="token">{{html .Token}}</dd><dd id="session">{{html .SessionNote}}</dd>
{{if .RenewalNote}}<dt>RenewalToken</dt><dd id="renewal-token">{{html .RenewalToken}}</dd><dd id="renewal">{{html .RenewalNote}}</dd>{{end}}
{{range .Vehicle}}<dd class="vehicle">{{html .}}</dd>{{end}}
</dl>
</body></html>
`

// page serves the quote and replenish pages. Both need an open session,
// as every Bihu page does: without one the page answers 403.
func (s *server) page(w http.ResponseWriter, r *http.Request, kind pageKind) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "pages are GET", http.StatusMethodNotAllowed)
		return
	}
	q, err := query(r, pageParams[kind]...)
	if err != nil {
		// Which of the two values was meant cannot be told: the page
		// refuses, with the 403 it gives a Token without a session.
		writePage(w, pageData{Title: pageTitles[kind], Status: http.StatusForbidden, SessionNote: err.Error()})
		return
	}
	d := pageData{Title: pageTitles[kind], Token: q["token"], Status: http.StatusOK}
	var sess *Session
	var ren *Renewal
	err = s.tx(r, func(tx state.Tx) (err error) {
		now := s.now()
		if sess, err = session(tx, d.Token, now); err != nil {
			return err
		}
		ren, err = renewal(tx, q["renewaltoken"], d.Token, now)
		return err
	})
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	switch {
	case sess == nil:
		d.Status, d.SessionNote = http.StatusForbidden, "no open session for this Token: log in again"
	case kind == pageCustomers && !slices.Contains(s.admins, sess.UserName):
		d.Status, d.SessionNote = http.StatusForbidden, "user "+sess.UserName+" is not an administrator: only administrators see every customer"
	default:
		d.SessionNote = "session open for agent " + sess.AgentID + ", user " + sess.UserName
	}
	switch kind {
	case pageIndex, pageCheckList, pageCustomers:
		// Pages of the session alone: nothing more to show.
	case pageQuote:
		d.RenewalToken = q["renewaltoken"]
		if ren == nil {
			d.RenewalNote = "no renewal record for this RenewalToken and Token"
		} else {
			d.RenewalNote = "renewal record found"
			d.Vehicle = vehicleLines(ren.LicenseNo, ren.CarVin, ren.EngineNo, ren.CityCode)
		}
	default:
		d.Vehicle = vehicleLines(q["licenseno"], q["carvin"], q["engineno"], q["citycode"])
	}
	writePage(w, d)
}

func writePage(w http.ResponseWriter, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(d.Status)
	_ = pageTmpl().Execute(w, d)
}

func vehicleLines(plate, vin, engine, city string) []string {
	var out []string
	for _, f := range []struct{ k, v string }{
		{bihu.ParamLicenseNo, plate}, {bihu.ParamCarVin, vin}, {bihu.ParamEngineNo, engine}, {bihu.ParamCityCode, city},
	} {
		if f.v == "" {
			continue
		}
		if f.k == bihu.ParamCityCode {
			if c, ok := bihu.LookupCity(f.v); ok {
				f.v += " " + c.Name
			}
		}
		out = append(out, f.k+": "+f.v)
	}
	return out
}
