package sandbox

import (
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	sun "github.com/insurekit/insure/providers/sunshine"
)

// The look-ups of the manual (3.5 city codes, 3.6 vehicle models, 3.10
// delivery regions and car registration places), served beside the
// servlet as GETs answering JSONP, with small catalogues of our own.

type model struct {
	id, name, vinPrefix string
	seats               int
}

// models is the sandbox's vehicle catalogue: the manual's six rows and a
// few more. Every model is worth the sandbox's 98,800 yuan.
var models = []model{
	{"XDABBD0017", "北京现代 1.4L 北京现代雅绅特 自动档 尊贵型 参考价：98800", "LBE", 5},
	{"XDAAMD0045", "北京现代 1.6L 北京现代伊兰特 自动档 2007款 舒适型 参考价：98800", "LBE", 5},
	{"XDAAMD0068", "北京现代 1.6L 北京现代伊兰特 自动档 2008款 舒适型 参考价：107200", "LBE", 5},
	{"XDABBD0008", "北京现代 1.6L 北京现代雅绅特 自动档 豪华型 参考价：108300", "LBE", 5},
	{"XDAAMD0017", "北京现代 1.6L 北京现代伊兰特 自动档 豪华型 参考价：142000", "LBE", 5},
	{"XDABFD0011", "北京现代 1.4L 北京现代瑞纳 自动档 2011款 豪华型 参考价：108400", "LBE", 5},
	{"FVAABD0101", "一汽大众 1.6L 宝来(Bora) 手动档 2012款 时尚型 参考价：118800", "LFV", 5},
	{"FVAABD0102", "一汽大众 1.6L 宝来(Bora) 自动档 2012款 舒适型 参考价：131800", "LFV", 5},
	{"SVAAMD0201", "上汽大众 1.4T 朗逸(Lavida) 自动档 2013款 豪华版 参考价：149900", "LSV", 5},
	{"SVAAMD0202", "上汽大众 2.0L 途安(Touran) 自动档 2013款 7座 参考价：189800", "LSV", 7},
}

func knownModel(id string) bool {
	for _, m := range models {
		if m.id == id {
			return true
		}
	}
	return false
}

type branch struct {
	id, name, rank, spelling, acronym, cityPlate, proPlate, parent string
	hot                                                            bool
}

// branches are the insurance branches of the city look-up; id is the
// cityCode of 095 and 100 (01... is Beijing).
var branches = []branch{
	{"01000000", "北京", "2", "beijing", "bj", "京", "京", "", false},
	{"01562800", "北京 通州", "3", "tongzhou", "tz", "京", "京", "01000000", true},
	{"01560100", "北京 东城", "3", "dongcheng", "dc", "京", "京", "01000000", false},
	{"03000000", "江苏省", "2", "jiangsu", "js", "苏", "苏", "", false},
	{"03546700", "南通市", "3", "nantong", "nt", "苏F", "苏", "03000000", false},
	{"03546710", "南通市 通州", "4", "tongzhou", "tz", "苏F", "苏F", "03546700", false},
	{"06000000", "河南省", "2", "henan", "hn", "豫", "豫", "", false},
	{"06526200", "南阳市", "3", "nanyang", "ny", "豫R", "豫", "06000000", false},
	{"06526202", "南阳市 桐柏县", "4", "tongbaixian", "tbx", "豫R", "豫R", "06526200", false},
	{"07000000", "河北省", "2", "hebei", "hb", "冀", "冀", "", false},
	{"07518800", "石家庄市", "3", "shijiazhuang", "sjz", "冀A", "冀", "07000000", true},
	{"07518900", "邯郸市", "3", "handan", "hd", "冀D", "冀", "07000000", false},
	{"07518901", "邯郸市 大名", "4", "damingxian", "dmx", "冀D", "冀D", "07518900", false},
	{"08000000", "广东省", "2", "guangdong", "gd", "粤", "粤", "", false},
	{"08512200", "广州市", "3", "guangzhou", "gz", "粤A", "粤", "08000000", true},
}

type region struct{ code, name string }

// provinces are the top of both address lists (the manual's codes).
var provinces = []region{{"11", "北京"}, {"12", "天津"}, {"13", "河北省"}, {"14", "山西省"}, {"15", "内蒙古自治区"},
	{"21", "辽宁省"}, {"22", "吉林省"}, {"23", "黑龙江省"}, {"31", "上海市"}, {"32", "江苏省"}, {"33", "浙江省"},
	{"34", "安徽省"}, {"35", "福建省"}, {"36", "江西省"}, {"37", "山东省"}, {"41", "河南省"}, {"42", "湖北省"},
	{"43", "湖南省"}, {"44", "广东省"}, {"45", "广西壮族自治区"}, {"46", "海南省"}, {"50", "重庆市"}, {"51", "四川省"},
	{"52", "贵州省"}, {"53", "云南省"}, {"54", "西藏自治区"}, {"61", "陕西省"}, {"62", "甘肃省"}, {"63", "青海省"},
	{"64", "宁夏回族自治区"}, {"65", "新疆维吾尔自治区"}}

// subRegions are the lower levels of the delivery cascade the sandbox
// knows, by parent code.
var subRegions = sync.OnceValue(func() map[string][]region {
	return map[string][]region{
		"11": {{"1101", "市辖区"}}, "1101": {{"110101", "东城区"}, {"110102", "西城区"}, {"110105", "朝阳区"}},
		"13": {{"1301", "石家庄市"}}, "1301": {{"130102", "长安区"}, {"130104", "桥西区"}},
		"44": {{"4401", "广州市"}, {"4403", "深圳市"}}, "4401": {{"440104", "越秀区"}, {"440106", "天河区"}}, "4403": {{"440304", "福田区"}},
	}
})

// carPlaces are the registration places (carPlace of 120) by province.
var carPlaces = sync.OnceValue(func() map[string][]region {
	return map[string][]region{
		"11": {{"110000", "北京市"}}, "13": {{"130100", "石家庄市"}, {"130400", "邯郸市"}},
		"44": {{"440100", "广州市"}, {"440300", "深圳市"}},
	}
})

// regionKnown says whether code is a delivery region under parent.
func regionKnown(parent, code string) bool {
	list := subRegions()[parent]
	if parent == "0" {
		list = provinces
	}
	for _, r := range list {
		if r.code == code {
			return true
		}
	}
	return false
}

func carPlaceKnown(code string) bool {
	for _, list := range carPlaces() {
		for _, r := range list {
			if r.code == code {
				return true
			}
		}
	}
	return false
}

// callbackRE is compiled on first use, as every expression here.
var callbackRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`) })

// jsonp writes v as the platform does: GBK when asked, wrapped in the
// callback when one is given.
func jsonp(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	cb := r.Form.Get("callback")
	if cb != "" {
		b = append(append([]byte(cb+"("), b...), ')')
	}
	ct := "application/json; charset=UTF-8"
	if strings.EqualFold(r.Form.Get("encoding"), "GBK") {
		if g, err := sun.EncodeGBK(b); err == nil {
			b, ct = g, "application/json; charset=GBK"
		}
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(b)
}

// lookupRequest checks what every look-up shares: GET or POST, a sane
// callback. The manual advises an ajax caller to POST (3.5: "最好使用post
// 方式提交，避免乱码"), which puts the parameters in a form body, so they
// are read from the body as well as the query (r.Form holds both).
func lookupRequest(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "GET the look-up", http.StatusMethodNotAllowed)
		return false
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		status := http.StatusBadRequest
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		http.Error(w, "cannot read the parameters: "+err.Error(), status)
		return false
	}
	if cb := r.Form.Get("callback"); cb != "" && !callbackRE().MatchString(cb) {
		http.Error(w, "callback must be a JavaScript name", http.StatusBadRequest)
		return false
	}
	return true
}

// vehicleModels answers 3.6: page, pageSize, searchCode and searchType
// (0 keyword, 1 VIN) are required.
func vehicleModels(w http.ResponseWriter, r *http.Request) {
	if !lookupRequest(w, r) {
		return
	}
	q := r.Form
	page, err1 := strconv.Atoi(q.Get("page"))
	size, err2 := strconv.Atoi(q.Get("pageSize"))
	code, typ := strings.TrimSpace(q.Get("searchCode")), q.Get("searchType")
	if err1 != nil || err2 != nil || page < 1 || size < 1 || size > 50 || code == "" || (typ != "0" && typ != "1") {
		http.Error(w, "page (from 1), pageSize (1-50), searchCode and searchType (0 or 1) are required", http.StatusBadRequest)
		return
	}
	var hits []model
	for _, m := range models {
		switch typ {
		case "1":
			if len(code) == 17 && strings.HasPrefix(strings.ToUpper(code), m.vinPrefix) {
				hits = append(hits, m)
			}
		default:
			if strings.Contains(strings.ToLower(m.name), strings.ToLower(code)) || strings.EqualFold(m.id, code) {
				hits = append(hits, m)
			}
		}
	}
	type row struct {
		Key   string `json:"key"`
		Value string `json:"value"`
		Seats *int   `json:"seats,omitempty"`
	}
	rows := []row{}
	for i := (page - 1) * size; i < len(hits) && i < page*size; i++ {
		rw := row{Key: hits[i].id, Value: hits[i].name}
		if q.Get("isSeats") == "1" {
			s := hits[i].seats
			rw.Seats = &s
		}
		rows = append(rows, rw)
	}
	jsonp(w, r, map[string]any{"rows": rows, "counter": len(hits)})
}

// travelCities answers the city look-up by hotSign 0-4.
func travelCities(w http.ResponseWriter, r *http.Request) {
	if !lookupRequest(w, r) {
		return
	}
	q := r.Form
	con, county := strings.TrimSpace(q.Get("queryCon")), strings.TrimSpace(q.Get("contName"))
	var hits []branch
	switch q.Get("hotSign") {
	case "0":
		if con == "" {
			http.Error(w, "hotSign 0 needs queryCon", http.StatusBadRequest)
			return
		}
		for _, b := range branches {
			if b.rank != "2" && (strings.Contains(b.name, con) || strings.HasPrefix(b.spelling, strings.ToLower(con)) || strings.HasPrefix(b.acronym, strings.ToLower(con))) {
				hits = append(hits, b)
			}
		}
	case "1":
		for _, b := range branches {
			if b.hot {
				hits = append(hits, b)
			}
		}
	case "2":
		for _, b := range branches {
			if b.rank == "2" {
				hits = append(hits, b)
			}
		}
	case "3":
		if con == "" {
			http.Error(w, "hotSign 3 needs queryCon (a branch code)", http.StatusBadRequest)
			return
		}
		for _, b := range branches {
			if b.parent == con {
				hits = append(hits, b)
			}
		}
	case "4":
		if con == "" {
			http.Error(w, "hotSign 4 needs queryCon (a city name)", http.StatusBadRequest)
			return
		}
		city := strings.TrimSuffix(con, "市")
		for _, b := range branches {
			name := strings.TrimSuffix(strings.Fields(b.name)[0], "市")
			if name != city {
				continue
			}
			parts := strings.Fields(b.name)
			if (county == "" && len(parts) == 1) || (county != "" && len(parts) == 2 && strings.TrimRight(parts[1], "县区") == strings.TrimRight(county, "县区")) {
				hits = append(hits, b)
			}
		}
	default:
		http.Error(w, "hotSign must be 0 to 4", http.StatusBadRequest)
		return
	}
	out := []map[string]string{}
	for _, b := range hits {
		out = append(out, map[string]string{"id": b.id, "ContName": b.name, "rank": b.rank, "spelling": b.spelling,
			"spellingAcronym": b.acronym, "cityPlate": b.cityPlate, "proPlate": b.proPlate})
	}
	jsonp(w, r, out)
}

// regions answers the delivery cascade: province=0 the provinces, a code
// the level below it.
func regions(w http.ResponseWriter, r *http.Request) {
	if !lookupRequest(w, r) {
		return
	}
	p := r.Form.Get("province")
	if p == "" {
		http.Error(w, "province is required (0 for every province)", http.StatusBadRequest)
		return
	}
	list := subRegions()[p]
	if p == "0" {
		list = provinces
	}
	out := []map[string]string{}
	for _, x := range list {
		out = append(out, map[string]string{"TITLE": x.name, "CODE": x.code})
	}
	jsonp(w, r, out)
}

// registrationPlaces answers the car registration places: code=00 the
// provinces, a province code its cities.
func registrationPlaces(w http.ResponseWriter, r *http.Request) {
	if !lookupRequest(w, r) {
		return
	}
	code := r.Form.Get("code")
	if code == "" {
		http.Error(w, "code is required (00 for every province)", http.StatusBadRequest)
		return
	}
	list := carPlaces()[code]
	if code == "00" {
		list = provinces
	}
	out := []map[string]any{}
	for i, x := range list {
		out = append(out, map[string]any{"CODECNAME": x.name, "CODECODE": x.code, "id": i + 1})
	}
	jsonp(w, r, out)
}

// CheckIDPath is the checkUrl the sandbox's forms give ID number
// controls; the manual names no such address, so the path is ours.
const CheckIDPath = "Partner/checkIdNo.action"

// checkIDNo validates a resident ID number as the forms' 120 and 105
// checks do: 18 characters, a real date of birth and the GB 11643 check
// character. It answers {"result": bool, "message": text}.
func checkIDNo(w http.ResponseWriter, r *http.Request) {
	if !lookupRequest(w, r) {
		return
	}
	v := strings.TrimSpace(r.Form.Get("value"))
	ok, msg := v != "" && sun.CheckIDNumber("", v) == nil, ""
	if !ok {
		msg = "身份证号码有误：须为18位、出生日期有效且校验位正确"
	}
	jsonp(w, r, map[string]any{"result": ok, "message": msg})
}

// lookupURL is the address a form names for a look-up: the production
// host, as the platform's forms do; clients resolve the path against
// their own look-up address.
func lookupURL(path string) string { return "http://chexian.sinosig.com/" + path }
