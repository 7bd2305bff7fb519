package bihu_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/insurekit/insure/providers/bihu"
)

// An ASP.NET server writing with a UTF-8 encoder may open its JSON with
// a byte-order mark; the answer is still Bihu's JSON and must be read.
func TestAnswerWithByteOrderMark(t *testing.T) {
	e := newEnv(t)
	e.setFault(func(w http.ResponseWriter, r *received) bool {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch r.Path {
		case "/unite/login":
			_, _ = w.Write([]byte("\xef\xbb\xbf{\"code\":200,\"msg\":\"成功\",\"Token\":\"T1\"}"))
		case "/unite/unitecheckrenewal":
			_, _ = w.Write([]byte("\xef\xbb\xbf{\"code\":200,\"msg\":\"续保成功\",\"RenewalToken\":\"R1\"}"))
		default:
			return false
		}
		return true
	})
	res, err := e.client().Renew(context.Background(), bihu.RenewalRequest{LicenseNo: "京J97896"})
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if res.RenewalToken != "R1" || res.Token != "T1" || res.Msg != "续保成功" {
		t.Errorf("got RenewalToken %q Token %q msg %q", res.RenewalToken, res.Token, res.Msg)
	}
}
