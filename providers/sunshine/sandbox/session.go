package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"

	"github.com/insurekit/insure/providers/sunshine"
)

// session is one purchase, keyed by SessionId. Step is the last main step
// that succeeded (status 100); a form (200) or a refusal does not advance
// it, so the step can be sent again with better input.
type session struct {
	SellerID    string            `json:"sellerId"`
	Step        string            `json:"step"`
	Data        map[string]string `json:"data"` // every input collected so far
	PackageType string            `json:"packageType,omitempty"`
	Choice      map[string]string `json:"choice,omitempty"` // coverage -> value of the current package
	Force       bool              `json:"force"`
	Quote       *quote            `json:"quote,omitempty"`
	Saved       bool              `json:"saved,omitempty"`   // 115 done
	Drivers     []driver          `json:"drivers,omitempty"` // named drivers (110)

	TBOrderID string              `json:"tbOrderId,omitempty"`
	SubOrders []sunshine.SubOrder `json:"subOrders,omitempty"`
	NeedCode  bool                `json:"needCode,omitempty"`
	CodeOK    bool                `json:"codeOk,omitempty"`
	CodeSent  int                 `json:"codeSent,omitempty"`
}

// predecessors lists, for each step, the steps it may follow.
var predecessors = sync.OnceValue(func() map[sunshine.Transaction][]string {
	return map[sunshine.Transaction][]string{
		sunshine.TxnQuote:        {"100", "105", "110", "115"},
		sunshine.TxnRequote:      {"105", "110", "115"},
		sunshine.TxnSavePremium:  {"105", "110", "115"},
		sunshine.TxnUnderwrite:   {"105", "110", "115"},
		sunshine.TxnSendCode:     {"120", "135"},
		sunshine.TxnCheckCode:    {"120", "135"},
		sunshine.TxnDelivery:     {"120", "135", "125"},
		sunshine.TxnPaymentCheck: {"120", "135", "125"},
		sunshine.TxnIssue:        {"125"},
	}
})

// outOfOrder returns the refusal message when txn may not come now.
func (s *session) outOfOrder(txn sunshine.Transaction) string {
	if s.Step == "130" {
		return "该订单已承保，保单号：" + policyList(s.SubOrders)
	}
	for _, p := range predecessors()[txn] {
		if s.Step == p {
			return ""
		}
	}
	return fmt.Sprintf("交易顺序错误：当前会话已完成%s，不能发送%s", s.Step, txn)
}

func policyList(subs []sunshine.SubOrder) string {
	var out []string
	for _, s := range subs {
		out = append(out, s.PolicyNo)
	}
	return strings.Join(out, ",")
}

func (s *session) merge(in []sunshine.Inputs) {
	for _, g := range in {
		for _, i := range g.Inputs {
			s.Data[i.Name] = i.Value
		}
	}
}

// beijing says the purchase is in Beijing: Sunshine city codes start with
// the branch code, and Beijing's is 01 (01562800 is Tongzhou).
func (s *session) beijing() bool { return strings.HasPrefix(s.Data["cityCode"], "01") }

// serial is a number derived from the SessionId, so numbers the sandbox
// hands out are stable for a session across runs.
func serial(sessionID string, mod uint64) uint64 {
	sum := sha256.Sum256([]byte(sessionID))
	return binary.BigEndian.Uint64(sum[:8]) % mod
}

// proposalNo follows the shape of the manual's numbers: T, four digits of
// the city code, the product (0509 commercial, 0507 compulsory), the year
// and a serial.
func (s *session) proposalNo(kind, sessionID, year string) string {
	product := "0509"
	if kind == "force" {
		product = "0507"
	}
	city := (s.Data["cityCode"] + "0000")[:4]
	return fmt.Sprintf("T%s%s%s%06d", city, product, year, serial(sessionID, 1_000_000))
}

// verificationCode is the code the sandbox "texts" to the applicant in
// Beijing: the last six digits of applicantMobile.
func (s *session) verificationCode() string {
	m := s.Data["applicantMobile"]
	if len(m) < 6 {
		return "000000"
	}
	return m[len(m)-6:]
}
