// Package sandbox is a fake of the Paoding 4S report platform, faithful to
// its document: the same paths, methods, headers, form encoding, codes,
// token lifetimes and daily quotas, with a fixed brand catalogue and
// reports derived from the VIN so tests and demos can predict them.
package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/paoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Test credentials accepted by token.generate.
const (
	TestUsername = "sandbox-4s"
	TestPassword = "sandbox-4s-pass"
)

// TokenLifetime is the document's two hours.
const TokenLifetime = 120 * time.Minute

// china is where the platform's days begin and end, for quotas and order
// numbers, whatever the machine's zone.
var china = time.FixedZone("CST", 8*3600)

// Options configure a Server.
type Options struct {
	State         state.Store      // required
	Now           func() time.Time // default time.Now
	ReportDelay   time.Duration    // from buy until the report is ready; default 2s
	RetryInterval time.Duration    // between notification attempts; default 5m
	Quotas        map[string]int   // per operation per day; overrides the test-environment defaults
	HTTP          *http.Client     // sends notifications; default a client with a 10s timeout
	// PollInterval is how often RunNotifier looks for due notifications;
	// default 1s.
	PollInterval time.Duration
	// TokenField names the token in the generate answer: "token" (the
	// document's example, the default) or "authorizationToken" (its table).
	TokenField string
	// Balance, in fen, is what the account may spend on reports; each
	// purchase costs its factory's price. Zero means unlimited.
	Balance int64
}

// Server serves the platform's paths from "/".
type Server struct {
	opts   Options
	quotas map[string]int
	routes map[string]route
}

type route struct {
	op     string
	method string
	auth   bool // needs Authorization-Token
	handle func(s *Server, c *call) (answer, error)
}

// call is one request being answered, inside its state transaction.
type call struct {
	tx    state.Tx
	r     *http.Request
	now   time.Time
	token string    // the Authorization-Token, on routes that need one
	tok   *tokenRec // its row, live
}

// answer is what a handler produces: a code, its remark and the data.
type answer struct {
	code   string
	remark string
	data   any
	// status is the HTTP status when not 200: only a body over the
	// sandbox's limit, which no document covers.
	status int
}

func ok(data any) answer { return answer{code: paoding.CodeOK, remark: "成功", data: data} }

func fail(code, remark string) answer { return answer{code: code, remark: remark} }

// New returns a Server.
func New(opts Options) *Server {
	if opts.State == nil {
		panic("paoding sandbox: Options.State is required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ReportDelay == 0 {
		opts.ReportDelay = 2 * time.Second
	}
	if opts.RetryInterval == 0 {
		opts.RetryInterval = 5 * time.Minute
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Second
	}
	if opts.HTTP == nil {
		opts.HTTP = &http.Client{Timeout: 10 * time.Second}
	}
	if opts.TokenField == "" {
		opts.TokenField = "token"
	}
	s := &Server{opts: opts, quotas: map[string]int{}}
	for op, q := range paoding.DailyQuotas {
		s.quotas[op] = q.Test
	}
	for op, n := range opts.Quotas {
		s.quotas[op] = n
	}
	s.routes = map[string]route{
		paoding.PathTokenGenerate:    {paoding.OpTokenGenerate, http.MethodPost, false, (*Server).generate},
		paoding.PathTokenRefresh:     {paoding.OpTokenRefresh, http.MethodPost, true, (*Server).refresh},
		paoding.PathBrandList:        {paoding.OpBrandList, http.MethodGet, true, (*Server).brandList},
		paoding.PathBrandFactoryList: {paoding.OpBrandFactoryList, http.MethodGet, true, (*Server).factoryList},
		paoding.PathBrandFactoryGet:  {paoding.OpBrandFactoryGet, http.MethodGet, true, (*Server).factoryGet},
		paoding.PathReportBuy:        {paoding.OpReportBuy, http.MethodPost, true, (*Server).buy},
		paoding.PathReportGet:        {paoding.OpReportGet, http.MethodGet, true, (*Server).reportGet},
	}
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt, found := s.routes[r.URL.Path]
	if !found {
		http.NotFound(w, r)
		return
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if a, bad := checkVersion(r); bad {
		writeAnswer(w, a)
		return
	}
	if a, bad := parseBody(r); bad {
		writeAnswer(w, a)
		return
	}
	var a answer
	err := s.opts.State.Tx(r.Context(), func(tx state.Tx) (err error) {
		c := &call{tx: tx, r: r, now: s.opts.Now()}
		if rt.auth {
			c.token = tokenHeader(r)
			if c.tok, err = liveToken(tx, c.token, c.now); err != nil {
				return err
			}
			if c.tok == nil {
				a = fail("10030", "未授权")
				if c.token == "" {
					a.remark += "：" + missingHeader(r, paoding.HeaderToken, paoding.LegacyHeaderToken)
				}
				return nil
			}
		}
		over, err := s.count(tx, rt.op, c.now)
		if err != nil {
			return err
		}
		if over {
			a = fail("10040", "访问次数超限")
			return nil
		}
		a, err = rt.handle(s, c)
		return err
	})
	if err != nil {
		a = fail("10099", "其它错误")
	}
	writeAnswer(w, a)
}

// Only the header names of document version 1.2 on are read: the
// underscore spellings of earlier versions (paoding.LegacyHeader*) count
// as missing, so a client still sending them is refused here as the
// platform would refuse it, not passed. The remark then names the
// spelling expected.
func tokenHeader(r *http.Request) string { return r.Header.Get(paoding.HeaderToken) }

// missingHeader is the remark's explanation of a header that did not come.
func missingHeader(r *http.Request, name, legacy string) string {
	if r.Header.Get(legacy) != "" {
		return "缺少请求头 " + name + "（不接受旧写法 " + legacy + "）"
	}
	return "缺少请求头 " + name
}

func checkVersion(r *http.Request) (answer, bool) {
	v := r.Header.Get(paoding.HeaderVersion)
	if v == "" {
		return fail("10010", "参数错误："+missingHeader(r, paoding.HeaderVersion, paoding.LegacyHeaderVersion)), true
	}
	// The value is quoted whole: cut to the table's five characters, an
	// over-long 1.0.00 would read as the 1.0.0 it is not.
	switch {
	case utf8.RuneCountInString(v) > 5:
		return fail("10010", "参数错误：接口版本 "+v+" 超过 5 位（当前版本 "+paoding.DefaultAPIVersion+"）"), true
	case v != paoding.DefaultAPIVersion:
		return fail("10010", "参数错误：不支持的接口版本 "+v+"（当前版本 "+paoding.DefaultAPIVersion+"）"), true
	}
	return answer{}, false
}

// parseBody insists on a form body for POSTs, as the platform does. A
// purchase by licence photo included: the photo goes as its URL in the
// image field (the document's table), not as a multipart upload.
//
// Values are text in the charset the Content-Type declares, as a servlet
// container decodes them: UTF-8 when it names none, GBK (GB2312,
// GB18030) when it says so. A value that is not text in that charset is
// refused (10010): kept as bytes, it was stored and notified under
// replacement characters, and two orders whose ids differed only there
// shared one notification, so one paid order was never notified. A
// query's values (report/get?orderId=) are held to UTF-8 too.
func parseBody(r *http.Request) (answer, bool) {
	if r.Method != http.MethodPost {
		if bad := notText(r.URL.Query()); bad != "" {
			return fail("10010", "参数错误："+bad+" 不是 UTF-8 文本"), true
		}
		return answer{}, false
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return fail("10010", "参数错误：请求体须为 application/x-www-form-urlencoded"), true
	}
	cs := strings.ToLower(params["charset"])
	switch cs {
	case "", "utf-8", "utf8", "gbk", "gb2312", "gb18030":
	default:
		return fail("10010", "参数错误：不支持的字符集 "+params["charset"]+"（请用 UTF-8）"), true
	}
	if err := r.ParseForm(); err != nil {
		if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
			a := fail("10010", fmt.Sprintf("参数错误：请求体超过 %d 字节", tooLarge.Limit))
			a.status = http.StatusRequestEntityTooLarge
			return a, true
		}
		return fail("10010", "参数错误：请求体无法解析"), true
	}
	if strings.HasPrefix(cs, "gb") {
		if bad := fromGBK(r); bad != "" {
			return fail("10010", "参数错误："+bad+" 不是 "+params["charset"]+" 文本"), true
		}
	}
	if bad := notText(r.Form); bad != "" {
		return fail("10010", "参数错误："+bad+" 不是 UTF-8 文本"), true
	}
	return answer{}, false
}

// notText names the first field whose value is not valid UTF-8, or "".
func notText(v url.Values) string {
	for name, vals := range v {
		if !utf8.ValidString(name) {
			return "参数名"
		}
		for _, x := range vals {
			if !utf8.ValidString(x) {
				return name
			}
		}
	}
	return ""
}

// fromGBK decodes the form's values (and names) from GB18030, which
// holds GBK and GB2312, into UTF-8 in place; it names a field whose
// bytes are not GB18030 text.
func fromGBK(r *http.Request) string {
	dec := func(s string) (string, bool) {
		out, err := simplifiedchinese.GB18030.NewDecoder().String(s)
		return out, err == nil && !strings.ContainsRune(out, utf8.RuneError)
	}
	for _, form := range []*url.Values{&r.Form, &r.PostForm} {
		decoded := url.Values{}
		for name, vals := range *form {
			n, ok := dec(name)
			if !ok {
				return "参数名"
			}
			for _, x := range vals {
				d, ok := dec(x)
				if !ok {
					return n
				}
				decoded[n] = append(decoded[n], d)
			}
		}
		*form = decoded
	}
	return ""
}

// CodeAnswer returns a handler that answers every request with code, one
// of the document's business codes, and its remark, in the platform's
// envelope: the fault kind code:CODE (`paoding:/4s/report/buy=code:30010`).
// Nothing is served, counted or stored.
func (s *Server) CodeAnswer(code string) (http.Handler, error) {
	info, found := paoding.LookupCode(code)
	switch {
	case !found:
		var known []string
		for _, c := range paoding.Codes {
			if c.Code != paoding.CodeOK {
				known = append(known, c.Code)
			}
		}
		return nil, fmt.Errorf("paoding documents no business code %q (it has %s)", code, strings.Join(known, ", "))
	case code == paoding.CodeOK:
		return nil, fmt.Errorf("%s is paoding's success code, not a fault", code)
	}
	a := fail(info.Code, info.Remark)
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { writeAnswer(w, a) }), nil
}

func writeAnswer(w http.ResponseWriter, a answer) {
	data := a.data
	if data == nil {
		data = struct{}{}
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if a.status != 0 {
		w.WriteHeader(a.status)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(struct {
		Code   string `json:"code"`
		Remark string `json:"remark"`
		Data   any    `json:"data"`
	}{a.code, a.remark, data})
}

// Calls returns how many calls of an operation were counted against
// today's quota: tests use it to see what the sandbox received.
func (s *Server) Calls(op string) (int, error) {
	var n int
	err := s.opts.State.Tx(context.Background(), func(tx state.Tx) error {
		_, err := state.GetJSON(tx, kindCalls, callsKey(s.opts.Now(), op), &n)
		return err
	})
	return n, err
}

// Order is what the sandbox knows of one accepted order.
type Order struct {
	OrderID         string    `json:"orderId"`
	PlatformOrderID string    `json:"platformOrderId"`
	BrandFactoryID  int       `json:"brandFactoryId,omitempty"`
	VIN             string    `json:"vin,omitempty"`
	EngineNum       string    `json:"engineNum,omitempty"`
	Image           string    `json:"image,omitempty"`
	NotifyURL       string    `json:"notifyUrl"`
	CreatedAt       time.Time `json:"createdAt"`
	Attempts        int       `json:"attempts"` // notifications sent
	LastAttempt     time.Time `json:"lastAttempt,omitzero"`
	Acked           bool      `json:"acked"` // the receiver answered success
	LastAnswer      string    `json:"lastAnswer,omitempty"`
}

// Order returns a stored order, for tests and `insure sandbox` diagnostics.
func (s *Server) Order(orderID string) (*Order, error) {
	o, err := LookupOrder(context.Background(), s.opts.State, orderID)
	if err == nil && o == nil {
		err = errors.New("no such order")
	}
	return o, err
}

// LookupOrder reads one order from a sandbox's state, nil when there is
// none: tests of the commands see what the sandbox was sold.
func LookupOrder(ctx context.Context, st state.Store, orderID string) (*Order, error) {
	var o *Order
	err := st.Tx(ctx, func(tx state.Tx) (err error) {
		o, err = order(tx, orderID)
		return err
	})
	return o, err
}

// Orders lists every stored order by its orderId, a page of rows at a
// time: for tests and diagnostics, never for answering a request.
func Orders(ctx context.Context, st state.Store) (map[string]*Order, error) {
	out := map[string]*Order{}
	from := ""
	for {
		var page []state.Row
		err := st.Tx(ctx, func(tx state.Tx) (err error) {
			page, err = tx.Rows(kindOrder, from, "", 1000)
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, r := range page {
			var o Order
			if err := json.Unmarshal(r.Value, &o); err != nil {
				return nil, err
			}
			out[r.Key] = &o
		}
		if len(page) < 1000 {
			return out, nil
		}
		from = page[len(page)-1].Key + "\x00"
	}
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// RunNotifier sends due notifications every PollInterval until ctx ends.
// Only a long-lived sandbox (`insure sandbox serve`) runs it.
func (s *Server) RunNotifier(ctx context.Context) {
	t := time.NewTicker(s.opts.PollInterval)
	defer t.Stop()
	for {
		_, _ = s.NotifyDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
