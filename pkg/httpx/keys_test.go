package httpx

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

var testFields = KeyFields{"policyNumber": "policyNumber", "P041": "plate", "PolicyNo": "policyNo", "licenseNo": "plate", "SessionId": "sessionId"}

func TestKeyFieldsReadJSONAndGBKXML(t *testing.T) {
	got := testFields.FromBody([]byte(`{"a":{"P041":"沪A6U615"},"list":[{"policyNumber":"P1"},{"policyNumber":"P2"},{"policyNumber":"P1"}]}`))
	if want := map[string]string{"plate": "沪A6U615", "policyNumber": "P1,P2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("json: %v", got)
	}
	xmlDoc := `<?xml version="1.0" encoding="GBK"?><Packet><Head><SessionId>S1</SessionId></Head><Body><input name='licenseNo'>冀A00021</input><PolicyNo>P0751</PolicyNo></Body></Packet>`
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(xmlDoc)
	got = testFields.FromBody([]byte(gbk))
	if want := map[string]string{"plate": "冀A00021", "policyNo": "P0751", "sessionId": "S1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("xml: %v", got)
	}
	if got := testFields.FromBody([]byte("not a body")); got != nil {
		t.Errorf("text: %v", got)
	}
}

func TestTransportRecordsKeysFromTheAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"policyNumber":"P2612000000000001"}`)
	}))
	defer srv.Close()
	j := &memJournal{}
	_, err := Send(context.Background(), NewClient(Options{Journal: j, Profile: "p"}), Request{
		Provider: "ebao", Operation: "issuance", Method: http.MethodPost, URL: srv.URL, Body: []byte(`{"quotationNumber":"Q1"}`),
		Keys: map[string]string{"quotationNumber": "Q1"}, KeysFromAnswer: testFields.Answer(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.entries) != 1 {
		t.Fatalf("%d entries", len(j.entries))
	}
	if want := map[string]string{"quotationNumber": "Q1", "policyNumber": "P2612000000000001"}; !reflect.DeepEqual(j.entries[0].Keys, want) {
		t.Errorf("keys %v", j.entries[0].Keys)
	}
}

// FromDoc finds in a decoded body exactly what FromBody finds in its bytes.
func TestFromDocMatchesFromBody(t *testing.T) {
	kf := KeyFields{"quotationNumber": "quotationNumber", "P041": "plate", "PH001": "holderName", "n": "number"}
	for _, body := range []string{
		`{"quotationNumber":"Q1","insuredObjects":[{"P041":" 粤B12345 "},{"P041":"粤B12345"},{"P041":"沪A1"}],"policyHolder":{"PH001":"张三"},"n":12.50}`,
		`[{"quotationNumber":"Q1"},{"quotationNumber":"Q2"}]`,
		`{"other":"x"}`,
	} {
		var doc any
		d := json.NewDecoder(strings.NewReader(body))
		d.UseNumber()
		if err := d.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		if got, want := kf.FromDoc(doc), kf.FromBody([]byte(body)); !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: FromDoc %v, FromBody %v", body, got, want)
		}
	}
}
