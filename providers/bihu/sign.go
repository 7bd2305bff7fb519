package bihu

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"strings"
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
	sum := md5.Sum([]byte(s))
	h := hex.EncodeToString(sum[:])
	if lower {
		return h
	}
	return strings.ToUpper(h)
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
	keys := make([]string, 0, len(params)+1)
	for k, v := range params {
		if v == "" || strings.EqualFold(k, "SecCode") || strings.EqualFold(k, SecretKeyName) {
			continue
		}
		keys = append(keys, k)
	}
	if secretKey != "" {
		keys = append(keys, SecretKeyName)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := strings.ToLower(keys[i]), strings.ToLower(keys[j])
		if a != b {
			return a < b
		}
		// Keys differing only in case cannot come from one JSON object a
		// server binds, but a stable order keeps the output deterministic.
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		v := secretKey
		if k != SecretKeyName {
			v = params[k]
		}
		b.WriteString(k + "=" + v)
	}
	return b.String()
}

// RenewalSecCode is RenewalCanonical and its MD5. The canonical string holds
// the real secret: show it only through MaskCanonical.
func RenewalSecCode(params map[string]string, secretKey string, lower bool) (canonical, code string) {
	canonical = RenewalCanonical(params, secretKey)
	return canonical, md5Hex(canonical, lower)
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
