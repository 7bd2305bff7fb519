package paoding

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
	"github.com/insurekit/insure/pkg/validate"
)

// Brands lists the brands (brand.list). The raw body is returned for -o raw.
func (c *Client) Brands(ctx context.Context) ([]Brand, []byte, error) {
	env, raw, err := c.call(ctx, request{op: OpBrandList, method: http.MethodGet, path: PathBrandList})
	if err != nil {
		return nil, raw, err
	}
	var out []Brand
	return out, raw, decodeList(OpBrandList, env, raw, &out)
}

// BrandFactories lists the brand factories, all of them when since is
// empty, else those modified after since (yyyy-MM-dd HH:mm:ss). The
// document asks partners to cache this list and poll with since.
func (c *Client) BrandFactories(ctx context.Context, since string) ([]BrandFactory, []byte, error) {
	var q url.Values
	if since != "" {
		if _, err := time.Parse(TimeLayout, since); err != nil {
			return nil, nil, failure.Invalid(Provider, OpBrandFactoryList, failure.FieldError{
				Field: "lastModifyTime", Rule: "must be yyyy-MM-dd HH:mm:ss", Example: "2017-01-01 00:00:00"})
		}
		q = url.Values{"lastModifyTime": {since}}
	}
	env, raw, err := c.call(ctx, request{op: OpBrandFactoryList, method: http.MethodGet, path: PathBrandFactoryList, query: q})
	if err != nil {
		return nil, raw, err
	}
	var out []BrandFactory
	return out, raw, decodeList(OpBrandFactoryList, env, raw, &out)
}

// BrandFactory fetches one brand factory (brandFactory.get).
func (c *Client) BrandFactory(ctx context.Context, id int) (*BrandFactory, []byte, error) {
	if id <= 0 {
		return nil, nil, failure.Invalid(Provider, OpBrandFactoryGet, failure.FieldError{
			Field: "brandFactoryId", Rule: "must be a positive integer", Example: "20"})
	}
	ids := strconv.Itoa(id)
	env, raw, err := c.call(ctx, request{op: OpBrandFactoryGet, method: http.MethodGet, path: PathBrandFactoryGet,
		query: url.Values{"brandFactoryId": {ids}}, keys: map[string]string{"brandFactoryId": ids}})
	if err != nil {
		return nil, raw, err
	}
	var out BrandFactory
	if err := decodeData(OpBrandFactoryGet, env, raw, &out); err != nil {
		return nil, raw, err
	}
	return &out, raw, nil
}

// Validate checks the request against the document's rules and reports
// every bad field at once. factory, when known, decides whether the engine
// number is required; pass nil to skip that rule.
func (r BuyRequest) Validate(factory *BrandFactory) error {
	var c validate.Checker
	switch {
	case r.VIN == "" && r.Image == "":
		c.Add("vin", "either vin or image (a URL of a driving-licence photo) is required", "LSVAU2180N2183294")
	case r.VIN != "" && r.Image != "":
		c.Add("image", "give vin or image, not both", "a vin such as LSVAU2180N2183294 and no image")
	case r.Image != "" && r.EngineNum != "":
		// The document pairs engineNum with vin: like vin, it is one side
		// of the choice against image.
		c.Add("engineNum", "goes with vin only, not with image (the photo shows the engine number)", "an image URL and no engineNum")
	}
	if r.VIN != "" {
		c.Check("vin", r.VIN, validate.VIN)
		if r.BrandFactoryID <= 0 {
			c.Add("brandFactoryId", "is required when ordering by vin (list them with `insure vin-report factories`)", "20")
		}
		if factory != nil && bool(factory.NeedEngineNum) && strings.TrimSpace(r.EngineNum) == "" {
			c.Add("engineNum", fmt.Sprintf("is required for brand factory %d (%s)", factory.BrandFactoryID, factory.BrandFactoryName), engineNumExample)
		}
	}
	if r.BrandFactoryID < 0 {
		c.Add("brandFactoryId", "must be a positive integer", "20")
	}
	maxLen(&c, "engineNum", r.EngineNum, 15, engineNumExample)
	if r.Image != "" {
		maxLen(&c, "image", r.Image, 100, "https://example.com/licence.jpg")
		checkURL(&c, "image", r.Image, "https://example.com/licence.jpg")
	}
	if c.Required("orderId", r.OrderID, "ORD-20250310-0001") {
		maxLen(&c, "orderId", r.OrderID, 50, "ORD-20250310-0001")
		// The document limits only the length, but an order id is typed
		// again to look the report up and comes back in the
		// notification: a control character (an escape pasted with it,
		// a line break) would make an order nobody can name.
		if i := strings.IndexFunc(r.OrderID, func(r rune) bool { return !strconv.IsPrint(r) }); i >= 0 {
			bad, _ := utf8.DecodeRuneInString(r.OrderID[i:])
			c.Add("orderId", fmt.Sprintf("must be printable text, without control or layout characters (got %U at character %d)", bad, utf8.RuneCountInString(r.OrderID[:i])+1), "ORD-20250310-0001")
		}
	}
	if c.Required("notifyUrl", r.NotifyURL, "https://partner.example.com/paoding/notify") {
		maxLen(&c, "notifyUrl", r.NotifyURL, 100, "https://partner.example.com/paoding/notify")
		checkURL(&c, "notifyUrl", r.NotifyURL, "https://partner.example.com/paoding/notify")
	}
	return c.Err(Provider, OpReportBuy)
}

// engineNumExample is an engine number as a driving licence shows it.
const engineNumExample = "2192209"

// maxLen is the document's length limit with an example that keeps to it.
func maxLen(c *validate.Checker, field, v string, max int, example string) {
	if n := utf8.RuneCountInString(v); n > max {
		c.Add(field, fmt.Sprintf("must be at most %d characters (got %d)", max, n), example)
	}
}

func checkURL(c *validate.Checker, field, v, example string) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.Add(field, "must be an absolute http or https URL", example)
	}
}

func (r BuyRequest) form() url.Values {
	f := url.Values{"orderId": {r.OrderID}, "notifyUrl": {r.NotifyURL}}
	if r.BrandFactoryID > 0 {
		f.Set("brandFactoryId", strconv.Itoa(r.BrandFactoryID))
	}
	for k, v := range map[string]string{"vin": r.VIN, "engineNum": r.EngineNum, "image": r.Image} {
		if v != "" {
			f.Set(k, v)
		}
	}
	return f
}

// BuyReport orders a report (report.buy). It validates first (without the
// engine-number rule, which needs the factory: call Validate with it to
// have that checked too). A transport failure leaves the outcome unknown;
// the error says so and how to check.
func (c *Client) BuyReport(ctx context.Context, req BuyRequest) (*BuyResult, []byte, error) {
	if err := req.Validate(nil); err != nil {
		return nil, nil, err
	}
	keys := map[string]string{"orderId": req.OrderID}
	if req.VIN != "" {
		keys["vin"] = req.VIN
	}
	if req.BrandFactoryID > 0 {
		keys["brandFactoryId"] = strconv.Itoa(req.BrandFactoryID)
	}
	env, raw, err := c.call(ctx, request{op: OpReportBuy, method: http.MethodPost, path: PathReportBuy, form: req.form(), keys: keys})
	if err != nil {
		return nil, raw, buyUnknown(err, req.OrderID)
	}
	var out BuyResult
	if err := decodeData(OpReportBuy, env, raw, &out); err != nil {
		return nil, raw, buyUnknown(err, req.OrderID)
	}
	if strings.TrimSpace(string(out.Status)) == "" {
		// Code 10000 but no verdict: the order may well exist, so this is
		// an unknown outcome to look up, never a refusal that would let a
		// rerun buy under a new order id.
		return nil, raw, buyUnknown(failure.New(failure.Verification, Provider, OpReportBuy,
			"the answer has code 10000 but no status (success or failed)"), req.OrderID)
	}
	if !strings.EqualFold(string(out.Status), "success") {
		return &out, raw, &failure.Error{Kind: failure.Refused, Provider: Provider, Operation: OpReportBuy,
			Code: string(out.Status), Message: "the platform did not accept the order" + remarkSuffix(string(out.Remark)),
			Hint: "check the order with `insure vin-report get " + req.OrderID + "`; if it does not exist, buy again"}
	}
	return &out, raw, nil
}

// buyUnknown marks a purchase failure that does not say whether the order
// was placed (a transport failure, a 5xx, an answer cut short or
// unreadable) as an unknown outcome naming the order id. A business code
// is the platform's answer and stays as it is.
func buyUnknown(err error, orderID string) error {
	var fe *failure.Error
	if errors.As(err, &fe) && fe.Operation == OpReportBuy && fe.Kind == failure.Refused {
		// A code's hint names the order by placeholder (30020: "look the
		// existing order up with `insure vin-report get ORDER_ID`").
		fe.Hint = strings.ReplaceAll(fe.Hint, "ORDER_ID", orderID)
	}
	if !errors.As(err, &fe) || fe.Operation != OpReportBuy || (fe.Kind != failure.Network && fe.Kind != failure.Verification && fe.Kind != failure.Unexpected) {
		return err
	}
	if httpx.NothingSent(fe) {
		// No connection, or a failed handshake: nothing can have been
		// bought.
		return err
	}
	fe.Unknown = true
	fe.Hint = strings.ReplaceAll(buyCheckHint, "ORDER_ID", orderID)
	var se *json.SyntaxError
	if fe.Kind == failure.Verification && errors.As(fe.Err, &se) && strings.Contains(se.Error(), "unexpected end") {
		// A body that stops inside the JSON (or is empty) is an answer
		// cut short, as a connection closed mid-answer leaves it: a
		// network failure with an unknown outcome (exit 5), not a body
		// that arrived whole and is wrong (exit 6).
		fe.Kind = failure.Network
		fe.Message = "the answer was cut short: " + fe.Message
	}
	return err
}

// MaxOrderIDLength is the longest orderId a purchase takes, in characters.
const MaxOrderIDLength = 50

// GetReport fetches an order's report (report.get). Status 1 means the
// report is still being produced: poll again or wait for the notification.
func (c *Client) GetReport(ctx context.Context, orderID string) (*Report, []byte, error) {
	if strings.TrimSpace(orderID) == "" {
		return nil, nil, failure.Invalid(Provider, OpReportGet, failure.FieldError{Field: "orderId", Rule: "is required", Example: "ORD-20250310-0001"})
	}
	// The journal row gets the command's verdict: an answer that is not
	// this order's report is unreadable (6), and a finished order
	// without a report (status 3 or 4) is refused (4), not ok.
	judge := func(env *envelope, raw []byte) error {
		r, err := readReport(env, raw, orderID)
		if err != nil {
			return err
		}
		return r.Outcome()
	}
	env, raw, err := c.call(ctx, request{op: OpReportGet, method: http.MethodGet, path: PathReportGet,
		query: url.Values{"orderId": {orderID}}, keys: map[string]string{"orderId": orderID}, judge: judge})
	if err != nil {
		return nil, raw, err
	}
	out, err := readReport(env, raw, orderID)
	return out, raw, err
}

// readReport reads the data of a report.get answered 10000 and checks
// that it is a report of the order asked for: an object whose status is
// one of the document's four and whose orderId is orderID. Anything else
// (null or {} data, a status missing or unknown, another order's report)
// cannot be shown as this order's: a Verification error (exit 6).
func readReport(env *envelope, raw []byte, orderID string) (*Report, error) {
	unusable := func(msg string) error {
		return &failure.Error{Kind: failure.Verification, Provider: Provider, Operation: OpReportGet,
			Message: "order " + orderID + ": answered code 10000 but " + msg,
			Hint:    "rerun with -v to see the answer; if it persists, send the provider the orderId and the time of the call"}
	}
	d := bytes.TrimSpace(env.Data)
	switch {
	case len(d) == 0 || bytes.Equal(d, []byte("null")):
		return nil, unusable("no report (data is missing or null)")
	case d[0] != '{':
		return nil, unusable(fmt.Sprintf("the data is not an object (%.20s)", d))
	}
	var out Report
	if err := decodeData(OpReportGet, env, raw, &out); err != nil {
		return nil, err
	}
	var sent struct {
		Status json.RawMessage `json:"status"`
	}
	_ = json.Unmarshal(d, &sent)
	switch {
	case len(sent.Status) == 0 || bytes.Equal(sent.Status, []byte("null")):
		return nil, unusable("no report status (the data has no status)")
	case out.Status < StatusGenerating || out.Status > StatusNoRecord:
		// The document's own example shows "30"; its table defines 1 to
		// 4 only, and an unknown status says neither done nor pending.
		return nil, unusable(fmt.Sprintf("report status %s is none of the document's (1 generating, 2 found, 3 failed, 4 no record)", sent.Status))
	case out.OrderID == "":
		return nil, unusable("the report names no orderId, so it cannot be told to be this order's; it is not shown")
	case out.OrderID.String() != orderID:
		// Another order's report (or one naming none) must not be shown
		// as this one's: it is another vehicle's history.
		return nil, unusable(fmt.Sprintf("the answer is the report of order %q, not of %q as asked; it is not shown", out.OrderID.String(), orderID))
	}
	return &out, nil
}

// NotificationAck is the body a notification receiver must answer; any
// other answer makes the platform retry.
const NotificationAck = "success"

// Notification is what the platform POSTs to the notifyUrl when a report
// is produced.
type Notification struct {
	Status          string `json:"status"`
	OrderID         string `json:"orderId"`
	PlatformOrderID string `json:"platformOrderId"`
}

// StatusText names the notified status.
func (n Notification) StatusText() string {
	s, _ := strconv.Atoi(n.Status)
	return StatusText(s)
}
