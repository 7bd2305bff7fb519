package paoding

import (
	"crypto/md5"
	"encoding/hex"
)

// PasswordDigest is md5(password) as lower-case hex. `insure sign paoding`
// shows it (masked) as the intermediate step of Sign, so a partner can see
// where their own computation goes wrong.
func PasswordDigest(password string) string {
	return md5hex(password)
}

// Sign is the static login signature md5(username + md5(password)), both
// digests lower-case hex. It never changes for a given account, so it is as
// sensitive as the password itself and belongs in every Call's Secrets.
func Sign(username, password string) string {
	return md5hex(username + PasswordDigest(password))
}

func md5hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
