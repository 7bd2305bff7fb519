package bihu_test

import (
	"context"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
	"github.com/insurekit/insure/providers/bihu/sandbox"
)

// People write plates with the dot painted on them, with spaces, or
// typed on a Chinese input method in full width; Bihu binds the plate as
// it is printed on the licence, so that is what must arrive.
func TestPlateAsPeopleWriteItIsSentAsPrinted(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, plate := range []string{"京J·97896", "京J 97896", " 京j97896 ", "京Ｊ９７８９６", "　京J-97896　", "京J・97896", "京J﹣97896", "京J–97896", "京J−97896"} {
		res, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: plate})
		if err != nil {
			t.Errorf("%q: %v", plate, err)
			continue
		}
		if got := e.last("/unite/unitecheckrenewal").Body["LicenseNo"]; got != "京J97896" || res.LicenseNo != "京J97896" {
			t.Errorf("%q: sent LicenseNo %v, result %q; want 京J97896", plate, got, res.LicenseNo)
		}
	}
	res, err := c.Renew(context.Background(), bihu.RenewalRequest{CarVin: "ＬＳＶＡＵ2180N 2183294", EngineNo: "２１９２２０９", CityCode: "１"})
	if err != nil {
		t.Fatal(err)
	}
	sent := e.last("/unite/unitecheckrenewal").Body
	if sent["CarVin"] != "LSVAU2180N2183294" || sent["EngineNo"] != "2192209" || sent["CityCode"] != "1" || res.HTTPStatus != 200 {
		t.Errorf("VIN written in full width and groups: sent %v", sent)
	}
}

// A plate that is not shaped like a new-energy plate must not be told it
// is one: its owner mistyped an ordinary plate and needs the length rule.
// Every refusal carries an example.
func TestPlateErrorsSayWhatIsWrongWithAnExample(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, tc := range []struct {
		req        bihu.RenewalRequest
		want, not  string
		wantFields int
	}{
		{bihu.RenewalRequest{LicenseNo: "京J978960"}, "got 8 characters", "new-energy", 1},
		{bihu.RenewalRequest{LicenseNo: "京J9789/6"}, "", "new-energy", 1},
		{bihu.RenewalRequest{LicenseNo: "京AD12345"}, "new-energy", "", 1},
		{bihu.RenewalRequest{LicenseNo: "粤B12345F"}, "new-energy", "", 1},
		{bihu.RenewalRequest{LicenseNo: "京J97896", CarVin: "LSVAU2180N2183294", EngineNo: "1"}, "not both", "", 1},
	} {
		_, err := c.Renew(context.Background(), tc.req)
		fe := failureOf(t, err, failure.Usage, "")
		if len(fe.Fields) != tc.wantFields {
			t.Errorf("%+v: %d fields, want %d: %v", tc.req, len(fe.Fields), tc.wantFields, err)
			continue
		}
		f := fe.Fields[0]
		if f.Field != "LicenseNo" || !strings.Contains(f.Rule, tc.want) || (tc.not != "" && strings.Contains(f.Rule, tc.not)) || f.Example == "" {
			t.Errorf("%+v: %s: %q (example %q)", tc.req, f.Field, f.Rule, f.Example)
		}
	}
	wantPaths(t, e)
}

// Renewal cannot cross regions (the city table says so): a plate that
// names a city of the table, asked for in another city, cannot succeed,
// so it is refused before anything is sent, naming the plate's own city.
func TestCityOtherThanThePlatesIsRefused(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	_, err := c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896", CityCode: "上海"})
	fe := failureOf(t, err, failure.Usage, "")
	if len(fe.Fields) != 1 || fe.Fields[0].Field != "CityCode" || !strings.Contains(fe.Fields[0].Rule, "1 北京") || fe.Fields[0].Example != "1" {
		t.Errorf("京 plate in Shanghai: %v", err)
	}
	_, err = c.Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "粤B12346", CityCode: "17"})
	if fe := failureOf(t, err, failure.Usage, ""); len(fe.Fields) != 1 || !strings.Contains(fe.Fields[0].Rule, "11 深圳") {
		t.Errorf("粤B plate in Dongguan: %v", err)
	}
	wantPaths(t, e)

	// Its own city, given by name, and a plate whose city is not in the
	// table (the user knows best) still go through.
	for _, req := range []bihu.RenewalRequest{{LicenseNo: "京J97896", CityCode: "北京市"}, {LicenseNo: "黑A12344", CityCode: "6"}} {
		if _, err := c.Renew(context.Background(), req); err != nil {
			t.Errorf("%+v: %v", req, err)
		}
	}
}

// A VIN never names a city, so the missing-city message must not talk
// about a plate the user did not give.
func TestVINWithoutCityAsksForTheCity(t *testing.T) {
	e := newEnv(t)
	_, err := e.client().Renew(context.Background(), bihu.RenewalRequest{CarVin: "LSVAU2180N2183294", EngineNo: "2192209"})
	fe := failureOf(t, err, failure.Usage, "")
	if len(fe.Fields) != 1 || fe.Fields[0].Field != "CityCode" || strings.Contains(fe.Fields[0].Rule, "plate") ||
		!strings.Contains(fe.Fields[0].Rule, "VIN") || fe.Fields[0].Example == "" {
		t.Errorf("%v", err)
	}
	wantPaths(t, e)
}

// `insure api bihu renewal` passes names as the user typed them. The
// SecCode hashes the names, so a name in another case must be sent in the
// document's spelling, and a name the server does not bind (it would be
// signed here and not there: a 406 blaming the key) is refused unsent.
func TestRenewParamsNames(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	res, err := c.RenewParams(context.Background(), map[string]string{"licenseno": "京J97896", "CITYCODE": "1"})
	if err != nil {
		t.Fatalf("names in other case: %v", err)
	}
	sent := e.last("/unite/unitecheckrenewal")
	if res.HTTPStatus != 200 || sent.Body["LicenseNo"] != "京J97896" || sent.Body["CityCode"] != "1" || sent.Body["licenseno"] != nil {
		t.Errorf("sent %s", sent.RawBody)
	}

	before := len(e.paths())
	for _, params := range []map[string]string{
		{"LicenseNo": "京J97896", "CityCode": "1", "Foo": "bar"},
		{"LicenseNo": "京J97896", "licenseNo": "京J97898", "CityCode": "1"},
	} {
		_, err := c.RenewParams(context.Background(), params)
		fe := failureOf(t, err, failure.Usage, "")
		if len(fe.Fields) != 1 || fe.Fields[0].Example == "" {
			t.Errorf("%v: %v", params, err)
		}
	}
	if after := len(e.paths()); after != before {
		t.Errorf("refused names were sent (%d requests)", after-before)
	}
}

// A TimeStamp given to `insure api bihu renewal` is the one signed and
// sent, so a documented request can be reproduced; the SecCode is the one
// RenewalSecCode computes over exactly what was sent.
func TestRenewParamsSignsAGivenTimeStamp(t *testing.T) {
	e := newEnv(t)
	const given = "1489000000" // not the clock's time (1489044754)
	if _, err := e.client().RenewParams(context.Background(), map[string]string{"LicenseNo": "京J97896", "CityCode": "1", "timestamp": given}); err != nil {
		t.Fatal(err)
	}
	sent := e.last("/unite/unitecheckrenewal")
	params := map[string]string{}
	for k, v := range sent.Body {
		s, _ := v.(string)
		params[k] = s
	}
	if params["TimeStamp"] != given || sent.Body["timestamp"] != nil {
		t.Fatalf("TimeStamp sent %q, want %s", params["TimeStamp"], given)
	}
	if _, code := bihu.RenewalSecCode(params, sandbox.TestSecretKey, false); params["SecCode"] != code {
		t.Error("the SecCode sent is not the one over the given TimeStamp")
	}
}

// What the client fills in itself is refused, not silently replaced:
// each refusal says where the value comes from. A TimeStamp must be whole
// seconds as written. Nothing is sent.
func TestRenewParamsRefusesWhatTheClientFillsIn(t *testing.T) {
	e := newEnv(t)
	c := e.client()
	for _, tc := range []struct {
		name, value, says string
		secret            bool
	}{
		{"SecCode", "80CF69548DB7815D8925714377AF0846", "computed by insure", true},
		{"token", "4773EEC3EE9B572851C11DF730DCE827", "session token insure holds", true},
		{"AgentId", "7", "bihu.agent-id", false},
		{"secretKey", "not-the-secret", "bihu.secret-key", true},
		{"TimeStamp", "1489044754000.0", "unix seconds", false},
		{"TimeStamp", "01489044754", "unix seconds", false},
		{"TimeStamp", "", "empty", false},
	} {
		_, err := c.RenewParams(context.Background(), map[string]string{"LicenseNo": "京J97896", "CityCode": "1", tc.name: tc.value})
		var secrets []string
		if tc.secret {
			secrets = append(secrets, tc.value)
		}
		fe := failureOf(t, err, failure.Usage, "", secrets...)
		if len(fe.Fields) != 1 || fe.Fields[0].Field != tc.name || !strings.Contains(fe.Fields[0].Rule, tc.says) {
			t.Errorf("%s=%q: %v", tc.name, tc.value, err)
		}
	}
	wantPaths(t, e)
}
