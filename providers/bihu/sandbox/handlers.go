package sandbox

import (
	"errors"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/sandbox/state"
	"github.com/insurekit/insure/pkg/validate"
	"github.com/insurekit/insure/providers/bihu"
)

// login: 403 for an unknown agent, 416 for what cannot be bound or makes
// no sense as a session, 406 for a wrong secCode, else a new session.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		answer(w, http.StatusMethodNotAllowed, "登录接口只接受 POST", nil)
		return
	}
	// The login document names no Content-Type, but its body is JSON (as
	// specs/README settles) and a server binding JSON finds no parameters
	// in a body labelled as anything else: the renewal's rule. Accepted
	// here unlabelled, a client that forgot the header passed the sandbox.
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"：请求体须为 JSON（Content-Type: application/json）", nil)
		return
	}
	p, _, err := params(r, false, "agentid", "username", "timestamp", "timeout", "seccode", secretParam)
	if refusedTooLarge(w, err) {
		return
	}
	if dup := (*duplicateError)(nil); errors.As(err, &dup) {
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"："+dup.Error(), nil)
		return
	}
	if err != nil {
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"：请求体须为 JSON 对象", nil)
		return
	}
	// The login document has no code for a bad parameter of its own: 416,
	// its failure, is what the sandbox answers for every parameter check.
	if _, sent := p[secretParam]; sent {
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"："+msgSecretSent, nil)
		return
	}
	agent := p["agentid"]
	secret, ok := s.agents[agent]
	if agent == "" || !ok {
		answer(w, http.StatusForbidden, msgUnauthorised+"：agentId 不存在", nil)
		return
	}
	// The document bounds neither the user name's length nor the
	// timeout, so neither is bounded here (the body's size is: maxBody).
	user, ts, to := p["username"], p["timestamp"], p["timeout"]
	secs, secsOK := sessionSeconds(to)
	switch {
	case user == "":
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"：userName 必填", nil)
		return
	case !unixSeconds(ts):
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"：timestamp 须为 unix 时间戳（秒，不是毫秒）", nil)
		return
	case !secsOK:
		answer(w, http.StatusRequestedRangeNotSatisfiable, msgLoginFailed+"：timeout 须为正整数秒", nil)
		return
	}
	_, want := bihu.LoginSecCode(agent, user, secret, ts, to, false)
	if !bihu.SecCodeEqual(p["seccode"], want) {
		answer(w, http.StatusNotAcceptable, msgVerification+"：secCode 不匹配", nil)
		return
	}
	now := s.now()
	token := newToken()
	err = s.tx(r, func(tx state.Tx) error {
		if _, err := expiry.Sweep(tx, now, sweepEnded); err != nil {
			return err
		}
		sess := Session{AgentID: agent, UserName: user, IssuedAt: now, ExpiresAt: sessionEnd(now, secs)}
		if err := expiry.Add(tx, sess.ExpiresAt, kindSession, token); err != nil {
			return err
		}
		return state.PutJSON(tx, kindSession, token, sess)
	})
	if err != nil {
		internalError(w)
		return
	}
	answer(w, http.StatusOK, "成功", map[string]string{"Token": token})
}

// renewalFields are the parameters the server binds; anything else in the
// body is ignored and so takes no part in the secCode either.
var renewalFields = []string{
	bihu.ParamLicenseNo, bihu.ParamCarVin, bihu.ParamEngineNo, bihu.ParamCityCode,
	bihu.ParamAgentID, bihu.ParamToken, bihu.ParamTimeStamp,
}

// renewalBound is renewalFields and the SecCode in lower case, the keys
// whose values must be strings or numbers.
var renewalBound = func() []string {
	out := []string{"seccode", secretParam}
	for _, f := range renewalFields {
		out = append(out, strings.ToLower(f))
	}
	return out
}()

// renewal checks in the order a server can: bind and check parameters
// (412), find the agent (403), check the secCode with its secret (406),
// check the session the Token names (403), then look the vehicle up (200
// or 206).
func (s *server) renewal(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		answer(w, http.StatusMethodNotAllowed, "续保接口只接受 POST", nil)
		return
	}
	// The document gives the renewal's Content-Type: a server binding JSON
	// finds no parameters in a body labelled as anything else.
	mt, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		answer(w, http.StatusPreconditionFailed, msgParams+"：Content-Type 须为 application/json", nil)
		return
	}
	// It gives the charset too. A server decodes the body by the charset
	// it is labelled with, so UTF-8 text labelled otherwise reaches it
	// garbled; reading it as UTF-8 regardless would pass what it refuses.
	if cs, labelled := ctParams["charset"]; labelled && !strings.EqualFold(cs, "utf-8") {
		answer(w, http.StatusPreconditionFailed, msgParams+"：CharSet 须为 UTF-8，收到 "+cs, nil)
		return
	}
	raw, spelt, err := params(r, true, renewalBound...)
	if refusedTooLarge(w, err) {
		return
	}
	if dup := (*duplicateError)(nil); errors.As(err, &dup) {
		answer(w, http.StatusPreconditionFailed, msgParams+"："+dup.Error(), nil)
		return
	}
	if err != nil {
		answer(w, http.StatusPreconditionFailed, msgParams+"：请求体须为 UTF-8 编码、由字符串和数字组成的 JSON 对象", nil)
		return
	}
	if _, sent := raw[secretParam]; sent {
		answer(w, http.StatusPreconditionFailed, msgParams+"："+msgSecretSent, nil)
		return
	}
	// p names the parameters as this file does; signed names them as the
	// body did, which is what the SecCode is computed over: the document
	// spells the timestamp TimeStamp in its examples and timestamp in its
	// table and sorting example, and a partner may follow either.
	p, signed := map[string]string{}, map[string]string{}
	for _, f := range renewalFields {
		if v := raw[strings.ToLower(f)]; v != "" {
			p[f] = v
			signed[spelt[strings.ToLower(f)]] = v
		}
	}
	if msg := checkRenewal(p, raw["seccode"]); msg != "" {
		answer(w, http.StatusPreconditionFailed, msgParams+"："+msg, nil)
		return
	}
	secret, ok := s.agents[p[bihu.ParamAgentID]]
	if !ok {
		answer(w, http.StatusForbidden, msgUnauthorised+"：AgentId 不存在", nil)
		return
	}
	if _, want := bihu.RenewalSecCode(signed, secret, false); !bihu.SecCodeEqual(raw["seccode"], want) {
		answer(w, http.StatusNotAcceptable, msgVerification+"：SecCode 不匹配（参数名按请求中的拼写计入）", nil)
		return
	}
	if Fails(vehicle(p)) {
		// The sandbox's rule for the document's 500: this vehicle's
		// lookup fails inside the server, every time.
		internalError(w)
		return
	}
	token := p[bihu.ParamToken]
	status, renewalToken := 0, ""
	err = s.tx(r, func(tx state.Tx) error {
		now := s.now()
		sess, err := session(tx, token, now)
		if err != nil {
			return err
		}
		if sess == nil || sess.AgentID != p[bihu.ParamAgentID] {
			status = http.StatusForbidden
			return nil
		}
		if !Renews(vehicle(p)) || crossRegion(p) != "" {
			status = http.StatusPartialContent
			return nil
		}
		if _, err := expiry.Sweep(tx, now, sweepEnded); err != nil {
			return err
		}
		status, renewalToken = http.StatusOK, newToken()
		if err := expiry.Add(tx, sess.ExpiresAt, kindRenewal, renewalToken); err != nil {
			return err
		}
		return state.PutJSON(tx, kindRenewal, renewalToken, Renewal{
			Token: token, LicenseNo: p[bihu.ParamLicenseNo], CarVin: p[bihu.ParamCarVin],
			EngineNo: p[bihu.ParamEngineNo], CityCode: p[bihu.ParamCityCode], ExpiresAt: sess.ExpiresAt,
		})
	})
	switch {
	case err != nil:
		internalError(w)
	case status == http.StatusForbidden:
		answer(w, status, msgUnauthorised+"：Token 缺失、无效或已过期，请重新登录", nil)
	case status == http.StatusPartialContent && crossRegion(p) != "":
		answer(w, status, "续保失败："+crossRegion(p), nil)
	case status == http.StatusPartialContent:
		answer(w, status, "续保失败：没有该车的续保记录，请先补全车辆信息", nil)
	default:
		answer(w, status, "续保成功", map[string]string{"RenewalToken": renewalToken})
	}
}

// checkRenewal returns what is wrong with the bound parameters, or "".
// A plate wins over a VIN when both are sent, as the plate is the usual key.
func checkRenewal(p map[string]string, secCode string) string {
	switch {
	case p[bihu.ParamAgentID] == "":
		return "AgentId 必填"
	case p[bihu.ParamToken] == "":
		// The table lists Token with no condition, unlike the vehicle
		// fields: its absence is a parameter that failed the check (412),
		// as AgentId's is. A Token sent but not open is the 403.
		return "Token 必填，即联合登录返回的 Token"
	case !unixSeconds(p[bihu.ParamTimeStamp]):
		return "TimeStamp 必填，须为 unix 时间戳（秒，不是毫秒）"
	case secCode == "":
		return "SecCode 必填"
	case p[bihu.ParamCityCode] == "":
		return "CityCode 必填"
	}
	if c, ok := bihu.LookupCity(p[bihu.ParamCityCode]); !ok || c.Code != p[bihu.ParamCityCode] {
		return "CityCode " + p[bihu.ParamCityCode] + " 不是已开通的投保城市"
	}
	if plate := p[bihu.ParamLicenseNo]; plate != "" {
		// Only a plate that is a new-energy plate is refused as one; any
		// other eight characters (京J 97896, with a space) are a plate
		// written wrong.
		if utf8.RuneCountInString(plate) == 8 && validate.Plate(plate, true) == nil {
			return "暂不支持 8 位新能源车牌"
		}
		if fe := validate.Plate(plate, false); fe != nil {
			return "LicenseNo 车牌号格式不正确，例如 京J97896"
		}
		return ""
	}
	vin := p[bihu.ParamCarVin]
	switch {
	case vin == "":
		return "LicenseNo 必填，或以 CarVin 加 EngineNo 代替"
	case validate.VIN(vin) != nil:
		return "CarVin 车架号格式不正确"
	case p[bihu.ParamEngineNo] == "":
		return "按 CarVin 续保时 EngineNo 必填"
	}
	return ""
}

// vehicle is what the renewal rules look up: the plate when one is sent,
// as checkRenewal then checks only the plate, else the VIN.
func vehicle(p map[string]string) string {
	if plate := p[bihu.ParamLicenseNo]; plate != "" {
		return plate
	}
	return p[bihu.ParamCarVin]
}

// crossRegion says why a plate cannot renew in the city asked for, or "".
// The city table's rule is that renewal cannot cross regions: a plate that
// names a city of the table (京, 粤B, ...) has no record in another one.
func crossRegion(p map[string]string) string {
	plate := p[bihu.ParamLicenseNo]
	own, ok := bihu.CityForPlate(plate)
	if plate == "" || !ok || own.Code == p[bihu.ParamCityCode] {
		return ""
	}
	return "续保不能跨地区，" + plate + " 属于 " + own.Code + " " + own.Name + "，不是 CityCode " + p[bihu.ParamCityCode]
}

// sessionSeconds reads a login's timeout: whole seconds, at least one.
// Digits too many for an int64 are the longest timeout, not an error:
// sessionEnd bounds what is stored either way.
func sessionSeconds(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if errors.Is(err, strconv.ErrRange) && digits(s) {
		return math.MaxInt64, true
	}
	return n, err == nil && n >= 1
}

// sessionEnd is when a session asked for secs seconds at now ends: then,
// or at lastEnd when that comes first (the sum would overflow long before
// the timeout does).
func sessionEnd(now time.Time, secs int64) time.Time {
	if left := lastEnd.Sub(now); left <= 0 || secs >= int64(left/time.Second) {
		return lastEnd
	}
	return now.Add(time.Duration(secs) * time.Second)
}

// unixSeconds says whether s is a unix timestamp in seconds, as both
// documents ask: digits, and no more than ten of them (ten reach the year
// 2286; thirteen are milliseconds, the usual mistake). It is not held
// against the clock: neither document sets a window of freshness, and the
// renewal document's own example sends 11111111, a day in 1970.
func unixSeconds(s string) bool { return digits(s) && len(s) <= 10 }

// Fails is the sandbox's rule for which vehicles make the server fail
// inside (500): a plate or VIN ending in "500".
func Fails(plateOrVIN string) bool { return strings.HasSuffix(plateOrVIN, "500") }

// Renews is the sandbox's rule for which vehicles have a renewal record: a
// plate or VIN whose last character is an even digit.
func Renews(plateOrVIN string) bool {
	if plateOrVIN == "" {
		return false
	}
	last := plateOrVIN[len(plateOrVIN)-1]
	return last >= '0' && last <= '9' && (last-'0')%2 == 0
}

// signOut: 403 for an unknown agent, 406 for a wrong secCode, 403 for a
// session that is not open; otherwise the session and its renewals end.
func (s *server) signOut(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		answer(w, http.StatusMethodNotAllowed, "退出接口只接受 GET", nil)
		return
	}
	// The sign-out document has no code for a parameter check: 403, its
	// refusal, is what a repeated name gets, as for a missing one.
	q, err := query(r, "agentid", "token", "seccode")
	if err != nil {
		answer(w, http.StatusForbidden, msgUnauthorised+"："+err.Error(), nil)
		return
	}
	agent, token := q["agentid"], q["token"]
	secret, ok := s.agents[agent]
	if agent == "" || !ok {
		answer(w, http.StatusForbidden, msgUnauthorised+"：agentId 不存在", nil)
		return
	}
	if _, want := bihu.SignOutSecCode(agent, secret, token, false); !bihu.SecCodeEqual(q["seccode"], want) {
		answer(w, http.StatusNotAcceptable, msgVerification+"：secCode 不匹配", nil)
		return
	}
	found := false
	// The session's renewals are not deleted here: without their session
	// they are refused (see renewal) and the expiry index sweeps them when
	// the session would have ended.
	err = s.tx(r, func(tx state.Tx) error {
		sess, err := session(tx, token, s.now())
		if err != nil || sess == nil || sess.AgentID != agent {
			return err
		}
		found = true
		if err := expiry.Remove(tx, sess.ExpiresAt, kindSession, token); err != nil {
			return err
		}
		return tx.Delete(kindSession, token)
	})
	switch {
	case err != nil:
		internalError(w)
	case !found:
		answer(w, http.StatusForbidden, msgUnauthorised+"：token 缺失、无效或已过期", nil)
	default:
		answer(w, http.StatusOK, "成功", nil)
	}
}
