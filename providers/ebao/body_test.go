package ebao_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/insurekit/insure/providers/ebao"
)

func TestExamplesMatchRepositoryFiles(t *testing.T) {
	for _, name := range ebao.ExampleNames() {
		embedded, err := ebao.Example(name)
		if err != nil {
			t.Fatal(err)
		}
		file, err := os.ReadFile("../../examples/ebao/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(embedded, file) {
			t.Errorf("providers/ebao/examples/%s.json differs from examples/ebao/%s.json", name, name)
		}
	}
	if _, err := ebao.Example("renew"); err == nil {
		t.Error("Example(renew) succeeded")
	}
}

func TestExamplesAreValid(t *testing.T) {
	check := map[string]func([]byte) error{
		"quote": ebao.ValidateQuotation, "issue": ebao.ValidateIssuance, "cancel": ebao.ValidateCancellation,
	}
	for name, fn := range check {
		b, _ := ebao.Example(name)
		if err := fn(b); err != nil {
			t.Errorf("%s example: %v", name, err)
		}
	}
	issue, _ := ebao.Example("issue")
	var req ebao.IssuanceRequest
	if err := json.Unmarshal(issue, &req); err != nil || req.QuotationNumber != "" {
		t.Errorf("issue example should carry no quotationNumber (got %q, %v)", req.QuotationNumber, err)
	}
}

func TestWithQuotationNumber(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"insert indented", "{\n  \"a\": 1\n}", "{\n  \"quotationNumber\": \"Q1\",\n  \"a\": 1\n}"},
		{"insert compact", `{"a":1}`, `{"quotationNumber": "Q1","a":1}`},
		{"insert empty", `{}`, `{"quotationNumber": "Q1"}`},
		{"replace", `{"a":{"quotationNumber":"inner"},"quotationNumber" : "Qold", "b":2}`, `{"a":{"quotationNumber":"inner"},"quotationNumber" : "Q1", "b":2}`},
		{"replace null", `{"quotationNumber":null}`, `{"quotationNumber":"Q1"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ebao.WithQuotationNumber([]byte(tt.in), "Q1")
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	if _, err := ebao.WithQuotationNumber([]byte(`[1]`), "Q1"); err == nil {
		t.Error("array body accepted")
	}
	issue, _ := ebao.Example("issue")
	b, err := ebao.WithQuotationNumber(issue, "Q2611230000000001")
	if err != nil {
		t.Fatal(err)
	}
	if err := ebao.ValidateIssuance(b); err != nil {
		t.Errorf("issue example with a quotation number: %v", err)
	}
}

func TestNewCancellation(t *testing.T) {
	b := ebao.NewCancellation("P2611230000000001", "AXA_TP", ebao.ApplyByPolicyHolder,
		time.Date(2027, 2, 1, 15, 31, 29, 738e6, time.FixedZone("CST", 8*3600)))
	if err := ebao.ValidateCancellation(b); err != nil {
		t.Fatal(err)
	}
	var req ebao.CancellationRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	if req.ApplicationDate != "2027-02-01T07:31:29.738Z" || req.PolicyNumber != "P2611230000000001" {
		t.Errorf("got %+v", req)
	}
}

func TestTypesKeepUnknownMembers(t *testing.T) {
	in, _ := ebao.Example("quote")
	var req ebao.QuotationRequest
	if err := json.Unmarshal(in, &req); err != nil {
		t.Fatal(err)
	}
	if req.PolicyInsuredPeople[0].IDType != ebao.IDResident || req.PolicyHolder.IDType != ebao.IDResident {
		t.Errorf("ID types: %v %v", req.PolicyHolder.IDType, req.PolicyInsuredPeople[0].IDType)
	}
	req.PolicyHolder.Extra = map[string]json.RawMessage{"PH099": json.RawMessage(`"x"`)}
	out, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	var again ebao.QuotationRequest
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatal(err)
	}
	if string(again.PolicyHolder.Extra["PH099"]) != `"x"` {
		t.Errorf("PH099 lost: %s", out)
	}
	if string(again.InsuredObjects[0].FactorTable["P041"]) != `"沪A6U615"` || string(again.InsuredObjects[0].FactorTable["AOP_limitAmount_ACC_BUR_WEB"]) != "100000" {
		t.Errorf("factor_table changed: %v", again.InsuredObjects[0].FactorTable)
	}
}
