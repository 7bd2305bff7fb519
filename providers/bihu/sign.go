package bihu

import (
	"crypto/md5"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SecretKeyName is the key under which the secret joins the renewal
// canonical string. Its spelling matters: the key order is case-insensitive,
// so it lands between LicenseNo and TimeStamp.
const SecretKeyName = "secretKey"

// Mask replaces secrets wherever this package shows them.
const Mask = "****"

// md5Hex is the 32-character MD5 every Bihu scheme uses. The documents do
// not say which hex case the server wants; public clients send upper case,
// so that is the default and lower case is a profile option.
func md5Hex(s string, lower bool) string {
	return md5HexBytes([]byte(s), lower)
}

func md5HexBytes(b []byte, lower bool) string {
	h := md5HexArray(b, lower)
	return string(h[:])
}

func md5HexArray(b []byte, lower bool) [32]byte {
	sum := md5.Sum(b)
	digits := "0123456789ABCDEF"
	if lower {
		digits = "0123456789abcdef"
	}
	var h [32]byte
	for i, c := range sum {
		h[2*i], h[2*i+1] = digits[c>>4], digits[c&0x0f]
	}
	return h
}

// LoginSecCode builds the login canonical string, whose field order is
// fixed rather than sorted, and its MD5. The canonical string holds the real
// secret: show it only through MaskCanonical.
func LoginSecCode(agentID, userName, secretKey, timestamp, timeout string, lower bool) (canonical, code string) {
	canonical = "agentId=" + agentID +
		"&userName=" + userName +
		"&" + SecretKeyName + "=" + secretKey +
		"&timestamp=" + timestamp +
		"&timeout=" + timeout
	return canonical, md5Hex(canonical, lower)
}

// SignOutSecCode builds the sign-out canonical string (agentId, secretKey,
// token, in that order) and its MD5.
func SignOutSecCode(agentID, secretKey, token string, lower bool) (canonical, code string) {
	canonical = "agentId=" + agentID + "&" + SecretKeyName + "=" + secretKey + "&token=" + token
	return canonical, md5Hex(canonical, lower)
}

// RenewalCanonical joins key=value for every non-empty parameter plus the
// secret, ordered by key without regard to case. Any SecCode or secretKey
// already in params is ignored, so a map read back from a request can be
// checked as it is.
func RenewalCanonical(params map[string]string, secretKey string) string {
	var buf [canonicalStack]byte
	return string(appendRenewalCanonical(buf[:0], params, secretKey))
}

// canonicalStack holds a renewal's canonical string without a heap
// buffer: the document's examples are about 130 bytes.
const canonicalStack = 256

// renewalKeyOrder is every parameter a renewal the client builds carries,
// and the secret, in canonical order (keyLess; TestRenewalKeyOrderSorted
// keeps it so). renewalSlot is the inverse.
var renewalKeyOrder = [...]string{ParamAgentID, ParamCarVin, ParamCityCode, ParamEngineNo,
	ParamLicenseNo, SecretKeyName, ParamTimeStamp, ParamToken}

const secretSlot = 5

func renewalSlot(k string) int {
	switch k {
	case ParamAgentID:
		return 0
	case ParamCarVin:
		return 1
	case ParamCityCode:
		return 2
	case ParamEngineNo:
		return 3
	case ParamLicenseNo:
		return 4
	case ParamTimeStamp:
		return 6
	case ParamToken:
		return 7
	}
	return -1
}

// appendRenewalCanonical appends the canonical string to dst. When every
// key is one of the renewal's own, spelt as the client spells them (the
// client, the sandbox and `insure sign` all send those), the order is
// known and nothing is sorted; any other key (`insure api` may pass any,
// in any case) takes the general path.
func appendRenewalCanonical(dst []byte, params map[string]string, secretKey string) []byte {
	var vals [len(renewalKeyOrder)]string
	size := 0
	for k, v := range params {
		if v == "" || k == ParamSecCode || k == SecretKeyName {
			continue
		}
		i := renewalSlot(k)
		if i < 0 {
			return appendRenewalCanonicalSorted(dst, params, secretKey)
		}
		vals[i] = v
		size += len(k) + len(v) + 2
	}
	vals[secretSlot] = secretKey
	size += len(SecretKeyName) + len(secretKey) + 2
	dst = grow(dst, size)
	first := true
	for i, v := range vals {
		if v == "" {
			continue
		}
		if !first {
			dst = append(dst, '&')
		}
		first = false
		dst = append(dst, renewalKeyOrder[i]...)
		dst = append(dst, '=')
		dst = append(dst, v...)
	}
	return dst
}

// appendRenewalCanonicalSorted is the general path: the keys are sorted
// in place (insertion sort: a request has a handful), compared without
// building lower-cased copies.
func appendRenewalCanonicalSorted(dst []byte, params map[string]string, secretKey string) []byte {
	var stack [16]string
	keys := stack[:0]
	size := 0
	for k, v := range params {
		if v == "" || strings.EqualFold(k, "SecCode") || strings.EqualFold(k, SecretKeyName) {
			continue
		}
		keys = append(keys, k)
		size += len(k) + len(v) + 2
	}
	if secretKey != "" {
		keys = append(keys, SecretKeyName)
		size += len(SecretKeyName) + len(secretKey) + 2
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keyLess(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	dst = grow(dst, size)
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, '&')
		}
		v := secretKey
		if k != SecretKeyName {
			v = params[k]
		}
		dst = append(dst, k...)
		dst = append(dst, '=')
		dst = append(dst, v...)
	}
	return dst
}

// grow makes room for n more bytes in one allocation, if any is needed.
func grow(b []byte, n int) []byte {
	if cap(b)-len(b) < n {
		b = append(make([]byte, 0, len(b)+n), b...)
	}
	return b
}

// keyLess orders keys as strings.ToLower(a) < strings.ToLower(b) would,
// ties broken by the keys themselves. Keys differing only in case cannot
// come from one JSON object a server binds, but a stable order keeps the
// output deterministic.
func keyLess(a, b string) bool {
	if c := compareFold(a, b); c != 0 {
		return c < 0
	}
	return a < b
}

// compareFold compares the lower-cased forms of a and b rune by rune,
// which orders them as their lower-cased UTF-8 bytes do.
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := rune(a[0]), 1
		if ra >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a)
		}
		rb, nb := rune(b[0]), 1
		if rb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b)
		}
		ra, rb = unicode.ToLower(ra), unicode.ToLower(rb)
		if ra != rb {
			if ra < rb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

// RenewalSecCode is RenewalCanonical and its MD5. The canonical string holds
// the real secret: show it only through MaskCanonical.
func RenewalSecCode(params map[string]string, secretKey string, lower bool) (canonical, code string) {
	var buf [canonicalStack]byte
	b := appendRenewalCanonical(buf[:0], params, secretKey)
	h := md5HexArray(b, lower)
	return string(b), string(h[:])
}

// MaskCanonical hides the secret in a canonical string so it can be shown
// to a user comparing it with their own.
func MaskCanonical(canonical, secretKey string) string {
	if secretKey == "" {
		return canonical
	}
	return strings.ReplaceAll(canonical, SecretKeyName+"="+secretKey, SecretKeyName+"="+Mask)
}

// SecCodeEqual compares two codes without regard to hex case, which is how
// the sandbox accepts either case.
func SecCodeEqual(a, b string) bool {
	return a != "" && strings.EqualFold(a, b)
}
