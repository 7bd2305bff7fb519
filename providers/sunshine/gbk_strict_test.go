package sunshine_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
	"github.com/insurekit/insure/providers/sunshine/sandbox"
)

// Characters x/text's GBK encoder writes with GB18030's bytes, which GBK
// does not have (€ as 0x80, 䶮 as FE9F, which Java's GBK reads as private
// use), are refused like any character GBK lacks: exit 2 naming the field
// and the character, and nothing reaches the server.
func TestCharactersOutsideStrictGBKAreNotSent(t *testing.T) {
	var received atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	partner, plat := keys(t)
	c := sunshine.New(sunshine.Config{BaseURL: srv.URL, SellerID: sandbox.TestSellerID, AgentCode: sandbox.TestAgentCode,
		PrivateKey: partner.priv, PlatformPublicKey: plat.pub, Retries: -1, RetryDelay: -1})
	for v, char := range map[string]string{"刘䶮": "䶮", "100€": "€", "⺁": "⺁", "⿰": "⿰", "ǹ": "ǹ", "〾": "〾"} {
		_, err := c.Send(context.Background(), sunshine.RequestSpec{Transaction: "095",
			InputsList: []sunshine.Inputs{group("vehicleInfo", "cityCode", "07518800", "noLicenseFlag", "0", "licenseNo", v)}})
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 ||
			fe.Fields[0].Field != "vehicleInfo.licenseNo" || !strings.Contains(fe.Fields[0].Rule, "GBK") {
			t.Errorf("%q: %v %+v", v, err, fe)
			continue
		}
		if !strings.Contains(fe.Fields[0].Rule, char) {
			t.Errorf("%q: rule %q does not name %q", v, fe.Fields[0].Rule, char)
		}
	}
	if n := received.Load(); n != 0 {
		t.Errorf("the server received %d requests", n)
	}
	// GBK's own characters, 刘 and the middle dot of names, still go.
	if _, err := sunshine.EncodeGBK([]byte("刘·三")); err != nil {
		t.Error(err)
	}
}
