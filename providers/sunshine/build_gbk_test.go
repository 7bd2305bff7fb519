package sunshine_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

// Text GBK cannot carry is exit 2 before anything is sent, naming each
// field that holds it and the character, wherever it is: an input, the
// verification code, the payment and order of 130, the SessionId.
func TestTextGBKCannotCarryIsNamedByField(t *testing.T) {
	c := newPlatform(t).client(t)
	_, err := c.Build(sunshine.RequestSpec{Transaction: "130", SessionID: "2026030210000012345😀",
		InputsList: []sunshine.Inputs{group("deliverInfo", "addresseeName", "张三😀")},
		Payment:    &sunshine.Payment{TBOrderID: "TB1", PayOrderID: "P😀", PayTime: "2026-03-02 10:00:00"},
		Order:      &sunshine.Order{TBOrderID: "TB1", SubOrders: []sunshine.SubOrder{{Type: "biz", ItemID: "商品😀"}}}})
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage {
		t.Fatalf("%v", err)
	}
	got := map[string]string{}
	for _, f := range fe.Fields {
		got[f.Field] = f.Rule
	}
	for _, field := range []string{"sessionId", "deliverInfo.addresseeName", "payment.payOrderId", "order.subOrders[biz].itemId"} {
		if !strings.Contains(got[field], "GBK") || !strings.Contains(got[field], "😀") {
			t.Errorf("%s: %q (all: %v)", field, got[field], got)
		}
	}
	// 5: the SessionId is also not digits.
	if len(fe.Fields) != 5 {
		t.Errorf("fields %v", got)
	}

	_, err = c.Build(sunshine.RequestSpec{Transaction: "127", SessionID: "20260302100000123456", IssueCode: "12😀"})
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 || fe.Fields[0].Field != "issueCode" {
		t.Fatalf("127: %v", err)
	}
}

// A step after 100 without its SessionId, or a 127 without its code, is
// exit 2 with an example of what to give.
func TestMissingSessionAndCodeComeWithAnExample(t *testing.T) {
	c := newPlatform(t).client(t)
	for _, spec := range []sunshine.RequestSpec{{Transaction: "105"}, {Transaction: "127", SessionID: "20260302100000123456"}} {
		_, err := c.Build(spec)
		var fe *failure.Error
		if !errors.As(err, &fe) || fe.Kind != failure.Usage || len(fe.Fields) != 1 || fe.Fields[0].Example == "" {
			t.Errorf("%s: %v %+v", spec.Transaction, err, fe)
		}
	}
}
