package sandbox_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func client(t *testing.T, url string) *sunshine.Client {
	t.Helper()
	priv, err := sunshine.ParsePrivateKeyPEM([]byte(sandbox.TestPartnerPrivateKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	pub, err := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPlatformPublicKeyPEM))
	if err != nil {
		t.Fatal(err)
	}
	return sunshine.New(sunshine.Config{BaseURL: url + sandbox.Path, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: priv, PlatformPublicKey: pub, Now: func() time.Time { return now }, RetryDelay: -1})
}

func server(t *testing.T, st state.Store) *httptest.Server {
	srv := httptest.NewServer(sandbox.New(sandbox.Options{State: st, Now: func() time.Time { return now }}))
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, url string, body []byte) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Post(url, "text/xml", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestServletEndpoint(t *testing.T) {
	srv := server(t, state.NewMemory())
	if res, _ := post(t, srv.URL+"/elsewhere", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("other path: %d", res.StatusCode)
	}
	res, err := http.Get(srv.URL + sandbox.Path)
	if err != nil || res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET: %v %v", res.StatusCode, err)
	}
	// Not XML: still a signed GBK envelope, status 400.
	res, body := post(t, srv.URL+sandbox.Path, []byte("hello"))
	pub, _ := sunshine.ParsePublicKeyPEM([]byte(sandbox.TestPlatformPublicKeyPEM))
	if res.Header.Get("Content-Type") != "text/xml; charset=GBK" || sunshine.VerifyDocument(body, "Response", pub) != nil {
		t.Fatalf("answer to garbage:\n%s", body)
	}
	r, err := sunshine.ReadResponse(body)
	if err != nil || r.Status != "400" || r.Message() == "" {
		t.Errorf("answer to garbage: %+v %v", r, err)
	}
	// The platform's own layout: lower-case version, Sign before Response.
	if !bytes.Contains(body, []byte("<version>2</version>")) || bytes.Index(body, []byte("<Sign>")) > bytes.Index(body, []byte("<Response>")) {
		t.Errorf("layout:\n%s", body)
	}
}

// The colours answer is the manual's, control for control.
func TestColoursMatchManual(t *testing.T) {
	srv := server(t, state.NewMemory())
	r, err := client(t, srv.URL).Send(context.Background(), sunshine.RequestSpec{Transaction: "050"})
	if err != nil {
		t.Fatal(err)
	}
	manual, _ := os.ReadFile("../testdata/manual/050-response.xml")
	gbk, _ := sunshine.EncodeGBK(manual)
	want, err := sunshine.ReadResponse(gbk)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.TagsList, want.TagsList) {
		t.Errorf("got %+v\nwant %+v", r.TagsList, want.TagsList)
	}
}

func TestSeveralPackages(t *testing.T) {
	srv := server(t, state.NewMemory())
	c := client(t, srv.URL)
	a, _ := c.Build(sunshine.RequestSpec{Transaction: "050"})
	b, _ := c.Build(sunshine.RequestSpec{Transaction: "095", InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "08512200"}, {Name: "noLicenseFlag", Value: "1"}}}}})
	// Put b's package into a's list.
	pb := b[bytes.Index(b, []byte("<Package>")):bytes.Index(b, []byte("</PackageList>"))]
	both := bytes.Replace(a, []byte("</PackageList>"), append(append([]byte{}, pb...), "</PackageList>"...), 1)
	r, err := c.SendRaw(context.Background(), both)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Packages) != 2 || r.Packages[0].Header.RequestType != "050" || r.Packages[1].Header.RequestType != "095" || r.Packages[1].Header.Status != "100" {
		t.Errorf("packages: %+v", r.Packages)
	}
}

// Two sandboxes over one store stand for two insure processes.
func TestStateIsShared(t *testing.T) {
	st := state.NewMemory()
	one, two := client(t, server(t, st).URL), client(t, server(t, st).URL)
	r, err := one.Send(context.Background(), sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "08512200"}, {Name: "noLicenseFlag", Value: "1"}, {Name: "ownerName", Value: "李四"}, {Name: "ownerMobile", Value: "13800138000"},
		{Name: "agentCode", Value: sandbox.TestAgentCode}, {Name: "spsource", Value: sandbox.TestSpSource}, {Name: "netcampaignno", Value: sandbox.TestNetCampaignNo}}}}})
	if err != nil {
		t.Fatal(err)
	}
	r, err = two.Send(context.Background(), sunshine.RequestSpec{Transaction: "105", SessionID: r.Header.SessionID})
	if err != nil || !r.NeedsInput() {
		t.Fatalf("105 in the other process: %v %+v", err, r)
	}
}

// A new sandbox over the same state file (a later insure process) carries
// on the sessions the first one opened and answers a repeated request with
// the bytes it answered before.
func TestStatePersistsAcrossInstances(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	st, err := state.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	one := server(t, st)
	body, err := client(t, one.URL).Build(sunshine.RequestSpec{Transaction: "100", InputsList: []sunshine.Inputs{{Type: "vehicleInfo", Inputs: []sunshine.Input{
		{Name: "cityCode", Value: "08512200"}, {Name: "noLicenseFlag", Value: "1"}, {Name: "ownerName", Value: "李四"}, {Name: "ownerMobile", Value: "13800138000"},
		{Name: "agentCode", Value: sandbox.TestAgentCode}, {Name: "spsource", Value: sandbox.TestSpSource}, {Name: "netcampaignno", Value: sandbox.TestNetCampaignNo}}}}})
	if err != nil {
		t.Fatal(err)
	}
	_, first := post(t, one.URL+sandbox.Path, body)
	r, err := sunshine.ReadResponse(first)
	if err != nil || !r.NeedsInput() {
		t.Fatalf("100: %v %+v", err, r)
	}
	one.Close()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	if st, err = state.Open(path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	two := server(t, st)
	if _, again := post(t, two.URL+sandbox.Path, body); !bytes.Equal(again, first) {
		t.Errorf("the repeated 100 got another answer:\n%s", again)
	}
	r, err = client(t, two.URL).Send(context.Background(), sunshine.RequestSpec{Transaction: "105", SessionID: r.Header.SessionID})
	if err != nil || !r.NeedsInput() {
		t.Fatalf("105 on the session opened before: %v %+v", err, r)
	}
}
