package bihu_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/bihu"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func gbk(s string) []byte {
	b, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	return b
}

// A body is read in the charset it declares: GBK that says it is GBK is
// decoded; GBK that says nothing, or says UTF-8, is exit 6, and so is a
// body not valid in the GBK it declares. Garbled text is never shown.
func TestRenewalAnswerCharsets(t *testing.T) {
	const answer = `{"code":200,"msg":"续保成功","RenewalToken":"RT-1"}`
	for _, tc := range []struct {
		name, ctype string
		body        []byte
		ok          bool
	}{
		{"declared GBK", "application/json; charset=GBK", gbk(answer), true},
		{"undeclared GBK", "application/json", gbk(answer), false},
		{"GBK labelled UTF-8", "application/json; charset=utf-8", gbk(answer), false},
		{"bytes that are not GBK", "application/json; charset=gb2312", []byte("{\"code\":200,\"msg\":\"\x80\xff\",\"RenewalToken\":\"RT-1\"}"), false},
	} {
		e := newEnv(t)
		c := e.client()
		e.setFault(func(w http.ResponseWriter, r *received) bool {
			if !strings.HasSuffix(strings.ToLower(r.Path), "unitecheckrenewal") {
				return false
			}
			w.Header().Set("Content-Type", tc.ctype)
			_, _ = w.Write(tc.body)
			return true
		})
		res, err := c.Renew(t.Context(), bihu.RenewalRequest{LicenseNo: "京J97896"})
		if tc.ok {
			if err != nil || res.Msg != "续保成功" || res.RenewalToken != "RT-1" {
				t.Errorf("%s: %+v %v", tc.name, res, err)
			}
			continue
		}
		fe := failureOf(t, err, failure.Verification, "200")
		if !strings.Contains(fe.Message, "not valid") || strings.ContainsRune(fe.Message, '\uFFFD') || strings.Contains(fe.Message, "RenewalToken") {
			t.Errorf("%s: %q", tc.name, fe.Message)
		}
	}
}
