package sunshine_test

import (
	"context"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// The look-ups go to the endpoint's folder (the sandbox serves them
// there), as GETs answering GBK JSONP.
func TestLookUps(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	ctx := context.Background()
	if got, want := c.LookupBase(), p.URL+"/"; got != want {
		t.Fatalf("look-up base %q, want %q", got, want)
	}
	m, err := c.VehicleModels(ctx, sunshine.ModelQuery{Query: "bora", PageSize: 1})
	if err != nil || m.Total != 2 || len(m.Models) != 1 || m.Models[0].ID != "FVAABD0101" || m.Models[0].Seats != 5 {
		t.Fatalf("%v %+v", err, m)
	}
	cities, err := c.Cities(ctx, sunshine.CityQuery{Kind: sunshine.CitiesByCityName, Query: "邯郸", County: "大名"})
	if err != nil || len(cities) != 1 || cities[0].Code != "07518901" || cities[0].CityPlate != "冀D" {
		t.Fatalf("%v %+v", err, cities)
	}
	regions, err := c.Regions(ctx, "1101")
	if err != nil || len(regions) == 0 || regions[0].Code != "110101" || regions[0].Name != "东城区" {
		t.Fatalf("%v %+v", err, regions)
	}
	places, err := c.RegistrationPlaces(ctx, "")
	if err != nil || len(places) != 31 {
		t.Fatalf("%v %d", err, len(places))
	}
	ok, msg, err := c.CheckField(ctx, "http://elsewhere.example/Partner/checkIdNo.action", "ownerIdNo", "440106198013011234")
	if err != nil || ok || msg == "" {
		t.Fatalf("check: %v %v %q", ok, err, msg)
	}
	if _, err := c.VehicleModels(ctx, sunshine.ModelQuery{}); failure.KindOf(err) != failure.Usage {
		t.Fatalf("empty query: %v", err)
	}

	// Something else at the address is not a JSON answer: exit 6.
	c.LookupURL = p.URL + "/nowhere"
	if _, err := c.Regions(ctx, "0"); err == nil {
		t.Fatal("a 404 accepted")
	}
}
