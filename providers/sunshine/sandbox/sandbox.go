// Package sandbox is a fake of the Sunshine motor platform, faithful to
// its manual: one servlet taking raw GBK XML, partner signatures checked
// with the partner's public key, answers signed with the platform key, the
// purchase flow 100 -> 105 -> (110, 115) -> 120 -> (126, 127, 135) -> 125
// -> 130 with forms, deterministic premiums and idempotent replies. The
// rules tests rely on are written down in docs/providers/sunshine.md.
package sandbox

import (
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/providers/sunshine"
)

// maxBody bounds a request envelope; the manual's are a few KiB.
const maxBody = 1 << 20

// Path is where the servlet answers, as on the real platform.
const Path = "/InterFaceServlet"

// ComID is what the sandbox writes in <From> of its answers.
const ComID = "2051078519"

// Options configure the sandbox.
type Options struct {
	State state.Store
	Now   func() time.Time
	// Partners maps SellerId to the partner's public key. Empty means the
	// test partner only (TestSellerID with TestPartnerPublicKeyPEM).
	Partners map[string]*rsa.PublicKey
	// PlatformKey signs answers; nil means TestPlatformPrivateKeyPEM.
	PlatformKey *rsa.PrivateKey
}

type server struct {
	opts Options
}

// New returns the sandbox handler, serving POST Path.
func New(opts Options) http.Handler {
	if opts.State == nil {
		opts.State = state.NewMemory()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if len(opts.Partners) == 0 {
		pub, err := sunshine.ParsePublicKeyPEM([]byte(TestPartnerPublicKeyPEM))
		if err != nil {
			panic("sandbox test key: " + err.Error())
		}
		opts.Partners = map[string]*rsa.PublicKey{TestSellerID: pub}
	}
	if opts.PlatformKey == nil {
		k, err := sunshine.ParsePrivateKeyPEM([]byte(TestPlatformPrivateKeyPEM))
		if err != nil {
			panic("sandbox test key: " + err.Error())
		}
		opts.PlatformKey = k
	}
	mux := http.NewServeMux()
	s := &server{opts: opts}
	mux.HandleFunc(Path, s.serve)
	mux.HandleFunc("/"+sunshine.VehicleModelPath, vehicleModels)
	mux.HandleFunc("/"+sunshine.CityPath, travelCities)
	mux.HandleFunc("/"+sunshine.RegionPath, regions)
	mux.HandleFunc("/"+sunshine.CarCityPath, registrationPlaces)
	mux.HandleFunc("/"+CheckIDPath, checkIDNo)
	return mux
}

// The sandbox's persisted state is rows (pkg/sandbox/state), each read by
// its key, so a request costs the same however many are stored: purchase
// sessions by SessionId, and every answer given by the SHA-256 of the
// request, so that a repeated request gets the very same bytes back (the
// platform's idempotency promise).
const (
	kindSession = "sunshine.session"
	kindReply   = "sunshine.reply"
)

// records are the rows one request reads and writes, inside its
// transaction. Sessions are kept here once read and written back when the
// request is answered, so the packages of one envelope that name the same
// session see each other's changes.
type records struct {
	tx       state.Tx
	sessions map[string]*session
}

// session is the stored session, nil when there is none.
func (d *records) session(id string) (*session, error) {
	if s, ok := d.sessions[id]; ok {
		return s, nil
	}
	var s session
	ok, err := state.GetJSON(d.tx, kindSession, id, &s)
	if err != nil || !ok {
		return nil, err
	}
	d.sessions[id] = &s
	return &s, nil
}

func (d *records) save() error {
	for id, s := range d.sessions {
		if s == nil {
			continue
		}
		if err := state.PutJSON(d.tx, kindSession, id, s); err != nil {
			return err
		}
	}
	return nil
}

func (s *server) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST the XML envelope", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) || len(body) > maxBody {
		// Cut short, the envelope would be answered as something it is
		// not. No document has a code for it: 413, in the envelope.
		reply, err := s.refuse(nil, fmt.Sprintf("报文超过%d字节", maxBody))
		if err != nil {
			http.Error(w, "sandbox: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=GBK")
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = w.Write(reply)
		return
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	// Checked before the stored answers are looked at: the same body sent
	// again as text/xml is then answered, not refused from the store.
	if msg := wrongContentType(r.Header.Get("Content-Type")); msg != "" {
		reply, err := s.refuse(body, msg)
		if err != nil {
			http.Error(w, "sandbox: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=GBK")
		_, _ = w.Write(reply)
		return
	}
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])
	var reply []byte
	err = s.opts.State.Tx(r.Context(), func(tx state.Tx) error {
		prev, ok, err := tx.Get(kindReply, digest)
		if err != nil || ok {
			reply = prev
			return err
		}
		d := &records{tx: tx, sessions: map[string]*session{}}
		out, err := s.answer(d, body)
		if err != nil {
			return err
		}
		if err := d.save(); err != nil {
			return err
		}
		reply = out
		return tx.Put(kindReply, digest, out)
	})
	if err != nil {
		http.Error(w, "sandbox: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/xml; charset=GBK")
	_, _ = w.Write(reply)
}

// answer handles every package of a request envelope and returns the
// signed answer envelope.
func (s *server) answer(d *records, body []byte) ([]byte, error) {
	now := s.opts.Now()
	env, err := sunshine.ParseEnvelope(body)
	if msg := repeatedPart(err); msg != "" {
		return s.render([]sunshine.Package{stopped(sunshine.Header{}, now, msg)})
	}
	if err != nil {
		return s.render([]sunshine.Package{stopped(sunshine.Header{}, now, "报文无法解析："+err.Error())})
	}
	if msg := notGBK(body, env); msg != "" {
		return s.render([]sunshine.Package{stopped(plainHeader(env.Packages[0].Header), now, msg)})
	}
	if msg := notStandardXML(body); msg != "" {
		return s.render([]sunshine.Package{stopped(plainHeader(env.Packages[0].Header), now, msg)})
	}
	given := statusGiven(body)
	var out []sunshine.Package
	for i, p := range env.Packages {
		pkg, err := s.handlePackage(d, body, p, len(given) != len(env.Packages) || given[i], now)
		if err != nil {
			return nil, err
		}
		out = append(out, pkg)
	}
	return s.render(out)
}

// refuse answers a request refused as a whole, as a signed status 400
// that keeps its plain header fields where the body can be read.
func (s *server) refuse(body []byte, msg string) ([]byte, error) {
	h := sunshine.Header{}
	if env, err := sunshine.ParseEnvelope(body); err == nil {
		h = plainHeader(env.Packages[0].Header)
	}
	return s.render([]sunshine.Package{stopped(h, s.opts.Now(), msg)})
}

func (s *server) render(pkgs []sunshine.Package) ([]byte, error) {
	env := &sunshine.Envelope{Packages: pkgs}
	doc, err := env.Marshal()
	if err != nil {
		return nil, err
	}
	return sunshine.SignDocument(doc, "Response", s.opts.PlatformKey)
}

func (s *server) handlePackage(d *records, body []byte, p sunshine.Package, statusGiven bool, now time.Time) (sunshine.Package, error) {
	sess, err := d.session(p.Header.SessionID)
	if err != nil {
		return sunshine.Package{}, err
	}
	return s.handleWith(d, sess, body, p, statusGiven, now), nil
}

// handleWith answers one package; sess is the stored session its
// SessionId names, nil when there is none.
func (s *server) handleWith(d *records, sess *session, body []byte, p sunshine.Package, statusGiven bool, now time.Time) sunshine.Package {
	h := p.Header
	pub, known := s.opts.Partners[h.SellerID]
	switch {
	case p.Request == nil:
		return stopped(h, now, "报文缺少Request节点")
	case !known:
		return stopped(h, now, "未知的SellerId："+h.SellerID)
	case strings.ContainsAny(p.Sign, "+/="):
		// The Sign is URL-safe base64 without padding (every Sign of the
		// manual is written so); the client's reader is tolerant of the
		// standard alphabet and of padding, the platform is not.
		return stopped(h, now, "签名验证失败：Sign须为URL安全的base64编码（用-和_，不带=填充）")
	}
	if err := sunshine.VerifyDocument(body, "Request", pub); err != nil {
		// A second Request or Sign deeper in the package than the reader
		// looks is refused as one beside the first.
		if msg := repeatedPart(err); msg != "" {
			return stopped(h, now, msg)
		}
		return stopped(h, now, "签名验证失败，请检查私钥与SellerId")
	}
	if h.SessionID == "" {
		return stopped(h, now, "SessionId不能为空")
	}
	if msg := checkHeader(h, statusGiven, now); msg != "" {
		return stopped(h, now, msg)
	}
	req := &call{h: h, req: p.Request, now: now}
	txn := sunshine.Transaction(h.RequestType)
	switch txn {
	case sunshine.TxnColors:
		return req.colors()
	case sunshine.TxnVehicleLookup:
		return req.vehicleLookup()
	case sunshine.TxnBasicInfo:
		if sess != nil {
			return stopped(h, now, "SessionId已使用过，100请求须使用新的SessionId")
		}
		resp, created := req.basicInfo()
		if created != nil {
			d.sessions[h.SessionID] = created
		}
		return resp
	}
	if !txn.Valid() {
		return stopped(h, now, "不支持的交易类型："+h.RequestType)
	}
	if sess == nil || sess.SellerID != h.SellerID {
		return stopped(h, now, "SessionId不存在，请先发送100请求")
	}
	req.s = sess
	if msg := sess.outOfOrder(txn); msg != "" {
		return stopped(h, now, msg)
	}
	switch txn {
	case sunshine.TxnQuote:
		return req.quote()
	case sunshine.TxnRequote:
		return req.requote()
	case sunshine.TxnSavePremium:
		return req.savePremium()
	case sunshine.TxnUnderwrite:
		return req.underwrite()
	case sunshine.TxnSendCode:
		return req.sendCode()
	case sunshine.TxnCheckCode:
		return req.checkCode()
	case sunshine.TxnDelivery:
		return req.delivery()
	case sunshine.TxnPaymentCheck:
		return req.paymentCheck()
	default: // sunshine.TxnIssue
		return req.issue()
	}
}

// call is one request package being answered.
type call struct {
	h   sunshine.Header
	req *sunshine.RequestBody
	s   *session
	now time.Time
}

func (c *call) in(name string) string {
	v, _ := c.req.Input(name)
	return v
}

// reply builds an answer package with the header the platform writes.
func reply(h sunshine.Header, now time.Time, status, msg string, body *sunshine.ResponseBody) sunshine.Package {
	insure := h.InsureType
	if insure == "" {
		insure = sunshine.DefaultInsureType
	}
	if body == nil {
		body = &sunshine.ResponseBody{}
	}
	hdr := sunshine.Header{
		Version: "2", RequestType: h.RequestType, InsureType: insure, SessionID: h.SessionID,
		From: ComID, To: h.From, SellerID: h.SellerID, SendTime: sunshine.FormatTime(now),
		Status: status, ErrorMessage: msg,
	}
	if status == sunshine.StatusDeclined || status == sunshine.StatusStopped {
		// The manual's refusals carry the message in ErrorMessages.
		hdr.Extra = append(hdr.Extra, &sunshine.Node{Name: "ErrorMessages", Text: msg})
	}
	return sunshine.Package{Header: hdr, Response: body}
}

func (c *call) ok(body *sunshine.ResponseBody) sunshine.Package {
	return reply(c.h, c.now, sunshine.StatusOK, "", body)
}

// form answers 200: the listed controls must be filled in and sent again.
func (c *call) form(msg string, tags ...sunshine.Tags) sunshine.Package {
	return reply(c.h, c.now, sunshine.StatusNeedForm, msg, &sunshine.ResponseBody{TagsList: tags})
}

func (c *call) stop(msg string) sunshine.Package { return stopped(c.h, c.now, msg) }

func (c *call) decline(msg string) sunshine.Package {
	return reply(c.h, c.now, sunshine.StatusDeclined, msg, nil)
}

func stopped(h sunshine.Header, now time.Time, msg string) sunshine.Package {
	return reply(h, now, sunshine.StatusStopped, msg, nil)
}
