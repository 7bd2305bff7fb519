package sunshine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// The look-ups are plain GETs answering JSONP, beside the servlet: paths
// as in the manual's production URLs, resolved against Config.LookupURL
// (default: the endpoint's folder).
const (
	VehicleModelPath = "Partner/netVehicleModel.action"                                        // 3.6 vehicle model search
	CityPath         = "travelCity!getTravelCityForInterface.action"                           // 3.5 city codes (cityCode)
	RegionPath       = "Net/nCityInfoAction!getRegionListByParentCodeForInterface.action"      // 3.10 delivery province/city/town
	CarCityPath      = "carThroughCityAction/carThroughCityAction_getAllCarThroughCity.action" // 3.10 car registration place
	// lookupCallback is the JSONP callback name sent (the manual's).
	lookupCallback = "jsonp1045"
)

// VehicleModel is one row of the model search: the id answers the
// vehicle form's hidden vehicleId, the name its vehicleModelName.
type VehicleModel struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Seats int    `json:"seats,omitempty"`
}

// VehicleModels is one page of a model search.
type VehicleModels struct {
	Models []VehicleModel `json:"models"`
	Total  int            `json:"total"` // matches over all pages
	Page   int            `json:"page"`
}

// ModelQuery is a model search: a keyword (brand, model) or a VIN.
type ModelQuery struct {
	Query    string
	ByVIN    bool
	Page     int // from 1; 0 means 1
	PageSize int // 0 means 10
}

// VehicleModels searches the platform's vehicle catalogue (3.6).
func (c *Client) VehicleModels(ctx context.Context, q ModelQuery) (*VehicleModels, error) {
	if q.Page <= 0 {
		q.Page = 1
	}
	if q.PageSize <= 0 {
		q.PageSize = 10
	}
	if strings.TrimSpace(q.Query) == "" {
		return nil, failure.Invalid(Provider, "lookup.vehicles", failure.FieldError{Field: "query", Rule: "a brand or model keyword, or a VIN, is required"})
	}
	typ := "0"
	if q.ByVIN {
		typ = "1"
	}
	v := url.Values{"page": {strconv.Itoa(q.Page)}, "pageSize": {strconv.Itoa(q.PageSize)}, "searchCode": {q.Query},
		"searchType": {typ}, "isSeats": {"1"}}
	var raw struct {
		Rows []struct {
			Key   string          `json:"key"`
			Value string          `json:"value"`
			Seats json.RawMessage `json:"seats"`
		} `json:"rows"`
		Counter json.RawMessage `json:"counter"`
	}
	if err := c.lookup(ctx, "lookup.vehicles", VehicleModelPath, v, &raw); err != nil {
		return nil, err
	}
	out := &VehicleModels{Page: q.Page, Total: atoiLoose(raw.Counter)}
	for _, r := range raw.Rows {
		out.Models = append(out.Models, VehicleModel{ID: r.Key, Name: r.Value, Seats: atoiLoose(r.Seats)})
	}
	return out, nil
}

// City is one insurance branch (机构) of the city look-up: its id is the
// cityCode of 095 and 100.
type City struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Rank      string `json:"rank,omitempty"` // 2 province, 3 city, 4 county
	Spelling  string `json:"spelling,omitempty"`
	Acronym   string `json:"acronym,omitempty"`
	CityPlate string `json:"cityPlate,omitempty"` // plate prefix of the city
	ProPlate  string `json:"provincePlate,omitempty"`
}

// City look-up kinds (hotSign).
const (
	CitiesByKeyword  = 0 // Query: a keyword (pinyin, initials or characters)
	CitiesHot        = 1 // the popular cities
	CitiesProvinces  = 2 // the provincial branches
	CitiesUnder      = 3 // Query: a province or city code; its branches
	CitiesByCityName = 4 // Query: a city name without 市, County: a county or district without 县/区
)

// CityQuery is one city look-up.
type CityQuery struct {
	Kind   int
	Query  string
	County string
}

// Cities looks cities up (the cityCode of 100).
func (c *Client) Cities(ctx context.Context, q CityQuery) ([]City, error) {
	if q.Kind < 0 || q.Kind > 4 {
		return nil, failure.Invalid(Provider, "lookup.cities", failure.FieldError{Field: "hotSign", Rule: "0 to 4"})
	}
	v := url.Values{"hotSign": {strconv.Itoa(q.Kind)}, "limit": {"0"}}
	if q.Query != "" {
		v.Set("queryCon", q.Query)
	}
	if q.County != "" {
		v.Set("contName", q.County)
	}
	var raw []map[string]any
	if err := c.lookup(ctx, "lookup.cities", CityPath, v, &raw); err != nil {
		return nil, err
	}
	out := make([]City, 0, len(raw))
	for _, m := range raw {
		out = append(out, City{Code: str(m, "id"), Name: str(m, "ContName", "contName"), Rank: str(m, "rank"), Spelling: str(m, "spelling"),
			Acronym: str(m, "spellingAcronym"), CityPlate: str(m, "cityPlate"), ProPlate: str(m, "proPlate")})
	}
	return out, nil
}

// Region is one entry of the delivery address cascade or of the car
// registration place list.
type Region struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Regions lists the delivery address level under parent: "0" (or "")
// the provinces, a province code its cities, a city code its districts.
func (c *Client) Regions(ctx context.Context, parent string) ([]Region, error) {
	if parent == "" {
		parent = "0"
	}
	var raw []map[string]any
	if err := c.lookup(ctx, "lookup.regions", RegionPath, url.Values{"province": {parent}}, &raw); err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(raw))
	for _, m := range raw {
		out = append(out, Region{Code: str(m, "CODE", "code"), Name: str(m, "TITLE", "title")})
	}
	return out, nil
}

// RegistrationPlaces lists the car registration places (carPlace of 120)
// under code: "00" (or "") the provinces, a province code its cities.
func (c *Client) RegistrationPlaces(ctx context.Context, code string) ([]Region, error) {
	if code == "" {
		code = "00"
	}
	var raw []map[string]any
	if err := c.lookup(ctx, "lookup.carPlaces", CarCityPath, url.Values{"code": {code}}, &raw); err != nil {
		return nil, err
	}
	out := make([]Region, 0, len(raw))
	for _, m := range raw {
		out = append(out, Region{Code: str(m, "CODECODE", "codecode"), Name: str(m, "CODECNAME", "codecname")})
	}
	return out, nil
}

// CheckField asks a control's checkUrl whether value is acceptable. The
// manual says only that the answer is JSON saying true, or false with a
// message; ok true with an empty message passes.
func (c *Client) CheckField(ctx context.Context, checkURL, key, value string) (ok bool, message string, err error) {
	path, err := lookupPath(checkURL)
	if err != nil {
		return false, "", err
	}
	var raw any
	if err := c.lookup(ctx, "lookup.check", path, url.Values{"key": {key}, "value": {value}}, &raw); err != nil {
		return false, "", err
	}
	switch t := raw.(type) {
	case bool:
		return t, "", nil
	case []any:
		if len(t) > 0 {
			b, _ := t[0].(bool)
			msg := ""
			if len(t) > 1 {
				msg = fmt.Sprint(t[1])
			}
			return b, msg, nil
		}
	case map[string]any:
		for _, k := range []string{"result", "success", "valid", "flag"} {
			if b, isBool := t[k].(bool); isBool {
				return b, str(t, "message", "msg", "errorMessage"), nil
			}
		}
	}
	return false, "", &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: "lookup.check",
		Message: "the field check answered neither true nor false"}
}

// lookupPath keeps only the path of a URL a form names: look-ups go to
// the configured look-up host, never to one an answer chooses.
func lookupPath(u string) (string, error) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Path == "" {
		return "", failure.Invalid(Provider, "lookup.check", failure.FieldError{Field: "checkUrl", Rule: "not a usable URL: " + u})
	}
	return strings.TrimPrefix(p.Path, "/"), nil
}

// LookupBase is where the look-ups are sent: LookupURL, or the folder of
// the servlet URL.
func (c *Client) LookupBase() string {
	if c.LookupURL != "" {
		return strings.TrimRight(c.LookupURL, "/") + "/"
	}
	if i := strings.LastIndex(c.BaseURL, "/"); i > len("https://") {
		return c.BaseURL[:i+1]
	}
	return strings.TrimRight(c.BaseURL, "/") + "/"
}

func (c *Client) lookup(ctx context.Context, op, path string, v url.Values, into any) error {
	v.Set("encoding", "GBK")
	v.Set("callback", lookupCallback)
	rq := httpx.Request{Provider: Provider, Operation: op, Method: http.MethodGet, URL: c.LookupBase() + path + "?" + v.Encode(),
		Policy: httpx.Policy{Limit: httpx.MediumLimit, Retry: c.retryPolicy()}}
	// The journal row is failed when the answer is not one, as here.
	rq.Judge = func(r *httpx.Response) error {
		return readLookup(rq, r, reflect.New(reflect.TypeOf(into).Elem()).Interface())
	}
	res, err := httpx.Send(ctx, c.HTTP, rq)
	if err != nil {
		return err
	}
	return readLookup(rq, res, into)
}

// readLookup decodes a look-up's answer into into.
func readLookup(rq httpx.Request, res *httpx.Response, into any) error {
	if fe := rq.StatusError(res); fe != nil {
		return fe
	}
	body, err := fromJSONP(res.Body)
	if err == nil {
		err = json.Unmarshal(body, into)
	}
	if err != nil {
		return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: rq.Operation,
			Message: "the look-up answer is not the JSON(P) the manual shows (" + describeBody(res.Body) + "): " + err.Error(),
			Hint:    "check lookup-url in the profile (default: the endpoint's folder)", Err: err}
	}
	return nil
}

// fromJSONP strips a JSONP wrapper (name( ... ) with an optional ;) and
// decodes GBK text to UTF-8.
func fromJSONP(b []byte) ([]byte, error) {
	if !utf8.Valid(b) {
		d, err := DecodeGBK(b)
		if err != nil {
			return nil, err
		}
		b = d
	}
	t := bytes.TrimSpace(b)
	if len(t) > 0 && t[0] != '{' && t[0] != '[' && t[0] != '"' && !bytes.HasPrefix(t, []byte("true")) && !bytes.HasPrefix(t, []byte("false")) {
		open := bytes.IndexByte(t, '(')
		end := bytes.LastIndexByte(t, ')')
		if open < 0 || end < open {
			return nil, fmt.Errorf("neither JSON nor JSONP")
		}
		t = bytes.TrimSpace(t[open+1 : end])
	}
	return t, nil
}

func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if v, ok := m[k]; ok && v != nil {
			return strings.TrimSpace(fmt.Sprint(v))
		}
	}
	return ""
}

func atoiLoose(raw json.RawMessage) int {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	n, _ := strconv.Atoi(s)
	return n
}
