package sandbox_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// The manual advises an ajax caller of the look-ups to POST (3.5), which
// sends the parameters as a form body: each look-up answers such a POST
// as it answers the GET with the same parameters in its query.
func TestLookupsTakeParametersPostedAsAForm(t *testing.T) {
	srv := server(t, state.NewMemory())
	for _, tc := range []struct {
		path   string
		params url.Values
	}{
		{sunshine.RegionPath, url.Values{"province": {"0"}, "callback": {"jsonp1045"}}},
		{sunshine.CarCityPath, url.Values{"code": {"00"}}},
		{sunshine.CityPath, url.Values{"hotSign": {"2"}, "limit": {"0"}}},
		{sunshine.VehicleModelPath, url.Values{"page": {"1"}, "pageSize": {"10"}, "searchCode": {"宝来"}, "searchType": {"0"}}},
		{sandbox.CheckIDPath, url.Values{"key": {"ownerIdNo"}, "value": {"440106198001011230"}}},
	} {
		get := lookup(t, http.MethodGet, srv.URL+"/"+tc.path+"?"+tc.params.Encode(), "")
		posted := lookup(t, http.MethodPost, srv.URL+"/"+tc.path, tc.params.Encode())
		if !bytes.Equal(get, posted) {
			t.Errorf("%s: GET answers\n%s\nPOST answers\n%s", tc.path, get, posted)
		}
	}
}

func lookup(t *testing.T, method, u, form string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(form))
	if err != nil {
		t.Fatal(err)
	}
	if form != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Errorf("%s %s: HTTP %d %s", method, u, res.StatusCode, b)
	}
	return b
}
