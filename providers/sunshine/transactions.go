package sunshine

import "github.com/insurekit/insure/pkg/httpx"

// Transaction is a RequestType code.
type Transaction string

// The twelve transactions, in the order a purchase uses them.
const (
	TxnColors        Transaction = "050" // page colours for the platform's H5 pages
	TxnVehicleLookup Transaction = "095" // does the plate need VIN and engine number?
	TxnBasicInfo     Transaction = "100" // start a purchase: new SessionId, vehicle form back
	TxnQuote         Transaction = "105" // quote from the filled vehicle form
	TxnRequote       Transaction = "110" // re-quote a free combination of coverages
	TxnSavePremium   Transaction = "115" // keep the chosen package, get gifts
	TxnUnderwrite    Transaction = "120" // submit people, delivery and order: proposal numbers back
	TxnPaymentCheck  Transaction = "125" // may the proposals be paid now?
	TxnSendCode      Transaction = "126" // (re)send the verification code (Beijing)
	TxnCheckCode     Transaction = "127" // submit the verification code (Beijing)
	TxnIssue         Transaction = "130" // payment done: issue the policies
	TxnDelivery      Transaction = "135" // change the delivery address before payment
)

// Transactions lists every transaction in flow order.
var Transactions = []Transaction{
	TxnColors, TxnVehicleLookup, TxnBasicInfo, TxnQuote, TxnRequote, TxnSavePremium,
	TxnUnderwrite, TxnSendCode, TxnCheckCode, TxnDelivery, TxnPaymentCheck, TxnIssue,
}

var txnNames = map[Transaction]string{
	TxnColors:        "page colours",
	TxnVehicleLookup: "vehicle lookup",
	TxnBasicInfo:     "basic information",
	TxnQuote:         "quote",
	TxnRequote:       "modify quote",
	TxnSavePremium:   "save premium",
	TxnUnderwrite:    "underwriting",
	TxnPaymentCheck:  "payment check",
	TxnSendCode:      "send verification code",
	TxnCheckCode:     "check verification code",
	TxnIssue:         "issue policy",
	TxnDelivery:      "change delivery",
}

// Name is the transaction in English words.
func (t Transaction) Name() string {
	if n, ok := txnNames[t]; ok {
		return n
	}
	return "transaction " + string(t)
}

// Valid says whether t is one of the twelve.
func (t Transaction) Valid() bool {
	_, ok := txnNames[t]
	return ok
}

// Operation is the name used in wire logs, the journal and errors.
func (t Transaction) Operation() string { return "txn." + string(t) }

// standalone transactions do not belong to a purchase session.
func (t Transaction) standalone() bool { return t == TxnColors || t == TxnVehicleLookup }

// Policy is what a transaction accepts back and whether it acts
// (docs/reliability.md). Page colours and the vehicle look-up are short;
// the forms, quotes and orders carry option lists and premium tables, so
// 4 MiB. Every transaction of a purchase session may have taken effect
// when its answer is lost. The retry policy comes from the client
// (Config.Retries, Config.RetryDelay): every transaction is repeated
// identically, since the platform answers an identical request
// identically.
func (t Transaction) Policy() httpx.Policy {
	p := httpx.Policy{Limit: httpx.MediumLimit, Retry: httpx.Idempotent, Acts: !t.standalone()}
	if t.standalone() {
		p.Limit = httpx.SmallLimit
	}
	return p
}
