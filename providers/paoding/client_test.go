package paoding_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/tokencache"
	"github.com/insurekit/insure/providers/paoding"
	"github.com/insurekit/insure/providers/paoding/sandbox"
)

func TestValidateListsEveryBadField(t *testing.T) {
	factory := &paoding.BrandFactory{BrandFactoryID: 40, BrandFactoryName: "华晨宝马", NeedEngineNum: true}
	err := paoding.BuyRequest{VIN: "lsvau2180n218329", EngineNum: strings.Repeat("E", 16), OrderID: strings.Repeat("o", 51), NotifyURL: "/relative"}.Validate(factory)
	fe := asFailure(err)
	if fe == nil || fe.Kind != failure.Usage {
		t.Fatalf("err = %v", err)
	}
	var fields []string
	for _, f := range fe.Fields {
		fields = append(fields, f.Field)
	}
	got := strings.Join(fields, ",")
	if got != "vin,brandFactoryId,engineNum,orderId,notifyUrl" {
		t.Errorf("fields = %s", got)
	}

	err = paoding.BuyRequest{BrandFactoryID: 40, VIN: "LSVAU2180N2183294", OrderID: "x", NotifyURL: "https://p.example.com/n"}.Validate(factory)
	if fe := asFailure(err); fe == nil || len(fe.Fields) != 1 || fe.Fields[0].Field != "engineNum" {
		t.Errorf("engine rule: %v", err)
	}
	err = paoding.BuyRequest{VIN: "LSVAU2180N2183294", Image: "https://p.example.com/a.jpg", BrandFactoryID: 20, OrderID: "x", NotifyURL: "https://p.example.com/n"}.Validate(nil)
	if fe := asFailure(err); fe == nil || fe.Fields[0].Field != "image" {
		t.Errorf("vin and image: %v", err)
	}
	err = paoding.BuyRequest{}.Validate(nil)
	if fe := asFailure(err); fe == nil || len(fe.Fields) != 3 {
		t.Errorf("empty request: %v", err)
	}
	ok := paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: "x", NotifyURL: "http://p.example.com/n"}
	if err := ok.Validate(nil); err != nil {
		t.Errorf("image order: %v", err)
	}
}

func TestInvalidBuySendsNothing(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	_, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{VIN: "SHORT", OrderID: "x", NotifyURL: "https://p.example.com/n"})
	if failure.KindOf(err) != failure.Usage || len(e.seen) != 0 {
		t.Errorf("err %v, %d requests sent", err, len(e.seen))
	}
}

func TestTransportFailures(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	c := e.client()
	if _, err := c.Token(ctx); err != nil {
		t.Fatal(err)
	}
	e.srv.Close()
	_, _, err := c.Brands(ctx)
	fe := asFailure(err)
	if fe == nil || fe.Kind != failure.Network || fe.Unknown {
		t.Errorf("brands: %v", err)
	}
	_, _, err = c.BuyReport(ctx, paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: "ORD-9", NotifyURL: "https://p.example.com/n"})
	fe = asFailure(err)
	// Refused before anything left: nothing can have been bought, so the
	// outcome is known (it used to be called unknown, with a look-up to do).
	if fe == nil || fe.Kind != failure.Network || fe.Unknown || !strings.Contains(fe.Hint, "again is safe") {
		t.Errorf("buy: %v (hint %q)", err, fe.Hint)
	}
	if fe.Unwrap() == nil {
		t.Error("the transport error is not wrapped")
	}
}

type dryRun struct{ seen []string }

func (d *dryRun) RoundTrip(r *http.Request) (*http.Response, error) {
	c, _ := httpx.CallFrom(r.Context())
	d.seen = append(d.seen, c.Operation)
	return nil, httpx.ErrDryRun
}

func TestDryRunIsRecognisable(t *testing.T) {
	e := newEnv(t, sandbox.Options{})
	cfg := e.config()
	d := &dryRun{}
	cfg.HTTP = &http.Client{Transport: d}
	_, _, err := paoding.New(cfg).BuyReport(ctx, paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: "x", NotifyURL: "https://p.example.com/n"})
	if !errors.Is(err, httpx.ErrDryRun) || failure.KindOf(err) == failure.Network {
		t.Fatalf("err = %v", err)
	}
	if strings.Join(d.seen, ",") != "token.generate,report.buy" {
		t.Errorf("rendered %v", d.seen)
	}
}

func TestUnusableAnswers(t *testing.T) {
	st := state.NewMemory()
	box := sandbox.New(sandbox.Options{State: st})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case paoding.PathBrandList:
			io.WriteString(w, "<html>gateway login</html>")
		case paoding.PathReportGet:
			http.Error(w, "upstream down", http.StatusBadGateway)
		default:
			box.ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	c := paoding.New(paoding.Config{BaseURL: srv.URL, Username: sandbox.TestUsername, Password: sandbox.TestPassword, Tokens: new(tokencache.Memory)})
	if _, _, err := c.Brands(ctx); failure.KindOf(err) != failure.Verification {
		t.Errorf("html body: %v", err)
	}
	if _, _, err := c.GetReport(ctx, "x"); asFailure(err) == nil || asFailure(err).Code != "502" {
		t.Errorf("502: %v", err)
	}
	wrong := paoding.New(paoding.Config{BaseURL: srv.URL + "/4s", Username: sandbox.TestUsername, Password: sandbox.TestPassword, Tokens: new(tokencache.Memory)})
	if _, err := wrong.Token(ctx); asFailure(err) == nil || asFailure(err).Code != "404" || !strings.Contains(asFailure(err).Hint, "endpoint") {
		t.Errorf("404: %v", err)
	}
}

// receiver is a partner endpoint that answers from a script, then success.
type receiver struct {
	mu      sync.Mutex
	answers []string
	got     []paoding.Notification
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n, _, err := paoding.ParseNotification(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.got = append(rc.got, n)
	answer := paoding.NotificationAck
	if len(rc.answers) > 0 {
		answer, rc.answers = rc.answers[0], rc.answers[1:]
	}
	io.WriteString(w, answer)
}

func (rc *receiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.got)
}

func TestNotificationRetriesUntilSuccess(t *testing.T) {
	rc := &receiver{answers: []string{"busy"}}
	partner := httptest.NewServer(rc)
	defer partner.Close()
	e := newEnv(t, sandbox.Options{ReportDelay: time.Minute})
	if _, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{BrandFactoryID: 20, VIN: "LZWADAGA5GB000010", OrderID: "N1", NotifyURL: partner.URL}); err != nil {
		t.Fatal(err)
	}
	step := func(d time.Duration, want int) {
		t.Helper()
		e.clock.Advance(d)
		n, err := e.box.NotifyDue(ctx)
		if err != nil || n != want {
			t.Fatalf("after %s: sent %d (err %v), want %d", d, n, err, want)
		}
	}
	step(30*time.Second, 0) // report not ready
	step(30*time.Second, 1) // ready: first attempt, answered "busy"
	step(4*time.Minute, 0)  // retry not due yet
	step(time.Minute, 1)    // first retry, answered success
	step(time.Hour, 0)
	if rc.count() != 2 || rc.got[1] != (paoding.Notification{Status: "4", OrderID: "N1", PlatformOrderID: "20250310-0001"}) {
		t.Errorf("receiver got %+v", rc.got)
	}
	o, err := e.box.Order("N1")
	if err != nil || !o.Acked || o.Attempts != 2 {
		t.Errorf("order %+v (%v)", o, err)
	}
}

func TestNotificationGivesUpAfterTwoRetries(t *testing.T) {
	rc := &receiver{answers: []string{"no", "no", "no", "no"}}
	partner := httptest.NewServer(rc)
	defer partner.Close()
	e := newEnv(t, sandbox.Options{ReportDelay: time.Second})
	if _, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: "N2", NotifyURL: partner.URL}); err != nil {
		t.Fatal(err)
	}
	for range 6 {
		e.clock.Advance(5 * time.Minute)
		if _, err := e.box.NotifyDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if rc.count() != 3 {
		t.Errorf("receiver called %d times, want 3 (one try, two retries)", rc.count())
	}
}

// The receiver must answer the body success (the document's 返回值): an
// answer with a trailing newline, as `echo success` writes, is not it, and
// the platform tries again.
func TestNotificationAnsweredSuccessWithANewlineIsRetried(t *testing.T) {
	rc := &receiver{answers: []string{"success\n", " success", "success"}}
	partner := httptest.NewServer(rc)
	defer partner.Close()
	e := newEnv(t, sandbox.Options{ReportDelay: time.Second})
	if _, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: "N4", NotifyURL: partner.URL}); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		e.clock.Advance(5 * time.Minute)
		if _, err := e.box.NotifyDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	o, err := e.box.Order("N4")
	if err != nil || rc.count() != 3 || !o.Acked || o.Attempts != 3 {
		t.Errorf("receiver called %d times, order %+v (%v); want three attempts, the last acknowledged", rc.count(), o, err)
	}
}

func TestRunNotifier(t *testing.T) {
	rc := &receiver{}
	partner := httptest.NewServer(rc)
	defer partner.Close()
	e := newEnv(t, sandbox.Options{ReportDelay: time.Second, PollInterval: 5 * time.Millisecond})
	if _, _, err := e.client().BuyReport(ctx, paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: "N3", NotifyURL: partner.URL}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { e.box.RunNotifier(runCtx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for rc.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if rc.count() != 1 || rc.got[0].Status != "2" {
		t.Errorf("receiver got %+v", rc.got)
	}
}

func TestParseNotificationRejectsIncomplete(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader("status=2"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	_, _, err := paoding.ParseNotification(r)
	if fe := asFailure(err); fe == nil || len(fe.Fields) != 2 {
		t.Errorf("err = %v", err)
	}
}

func TestParseNotificationAcceptsOnlyABoundedForm(t *testing.T) {
	good := "status=2&orderId=O-1&platformOrderId=P-1"
	for _, c := range []struct {
		ctype, body string
		status      int
	}{
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n2\r\n--x--\r\n", http.StatusUnsupportedMediaType},
		{"text/xml", `<status>2</status>`, http.StatusUnsupportedMediaType},
		{"application/json", `{"status":"2",`, http.StatusBadRequest},
		{"application/x-www-form-urlencoded", good + "&pad=" + strings.Repeat("a", paoding.NotificationMaxBytes), http.StatusRequestEntityTooLarge},
	} {
		r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(c.body))
		r.Header.Set("Content-Type", c.ctype)
		_, _, err := paoding.ParseNotification(r)
		var ne *paoding.NotificationError
		if !errors.As(err, &ne) || ne.Status != c.status {
			t.Errorf("%s: %v", c.ctype, err)
		}
	}
	r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(good))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	n, body, err := paoding.ParseNotification(r)
	if err != nil || n.OrderID != "O-1" || string(body) != good {
		t.Fatalf("%+v %q %v", n, body, err)
	}
	// The document does not say how the three parameters are encoded: a
	// JSON object of them (an id unquoted) and a form without a
	// Content-Type were refused, and a refused notification is lost after
	// two retries.
	for ctype, body := range map[string]string{
		"application/json; charset=utf-8": `{"status":"2","orderId":"O-1","platformOrderId":20260301000001}`,
		"":                                good,
	} {
		r := httptest.NewRequest(http.MethodPost, "/notify", strings.NewReader(body))
		if ctype != "" {
			r.Header.Set("Content-Type", ctype)
		}
		n, _, err := paoding.ParseNotification(r)
		if err != nil || n.Status != "2" || n.OrderID != "O-1" || n.PlatformOrderID == "" {
			t.Errorf("%q: %+v %v", ctype, n, err)
		}
	}
}

// A POST with an empty body and the three parameters in its query string
// (appended to the notifyUrl) is read too: a notification refused is
// retried twice and then lost.
func TestParseNotificationReadsParametersFromTheQuery(t *testing.T) {
	r := httptest.NewRequest(http.MethodPost, "/notify?status=2&orderId=O-1&platformOrderId=P-1", nil)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	n, body, err := paoding.ParseNotification(r)
	if err != nil || n.Status != "2" || n.OrderID != "O-1" || n.PlatformOrderID != "P-1" {
		t.Fatalf("%+v %v", n, err)
	}
	if string(body) != "orderId=O-1&platformOrderId=P-1&status=2" {
		t.Errorf("body %q", body)
	}
	// A body, when there is one, is what counts.
	r = httptest.NewRequest(http.MethodPost, "/notify?orderId=Q", strings.NewReader("status=2&orderId=O-1&platformOrderId=P-1"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if n, _, err := paoding.ParseNotification(r); err != nil || n.OrderID != "O-1" {
		t.Errorf("body and query: %+v %v", n, err)
	}
}

// An order id is typed again to look its report up and comes back in the
// notification: an escape pasted with it, a line break or a right-to-left
// override makes an order nobody can name, so a purchase refuses it
// before sending. Chinese text and spaces are order ids like any other.
func TestOrderIDMustBePrintable(t *testing.T) {
	for id, wantBad := range map[string]bool{"AB\x1b[31mX": true, "ORD-1\n": true, "ORD-\u202e1": true, "订单 2026-1": false} {
		err := paoding.BuyRequest{Image: "https://p.example.com/a.jpg", OrderID: id, NotifyURL: "http://p.example.com/n"}.Validate(nil)
		fe := asFailure(err)
		if bad := fe != nil && len(fe.Fields) == 1 && fe.Fields[0].Field == "orderId" && strings.Contains(fe.Fields[0].Rule, "printable"); bad != wantBad {
			t.Errorf("%q: %v", id, err)
		}
	}
}
