package purchase_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// A quote from an answers file: 095, 100 and 105 are sent, the vehicle
// answers reach the platform, and the documented luxury quote is saved.
func TestStartQuotesFromAnAnswersFile(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	a, err := purchase.LoadAnswers(nil, "../../../examples/sunshine/answers-quote.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	progress := &progressLines{}
	fl := p.flow(t, sessions)
	fl.Session, fl.Progress = newSession("07518800"), progress
	if err := fl.Start(context.Background(), "", a); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.transactions(), ","); got != "095,100,105" {
		t.Fatalf("sent %s", got)
	}
	in, _ := p.sent(t, "105")
	if in["vehicleFrameNo"] != "LSVAM4187C2184321" || in["seats"] != "5" || in["packageType"] != "luxury" || in["ownerIdNo"] != "440106198001011230" {
		t.Fatalf("105 inputs %v", in)
	}
	saved, err := sessions.Load(context.Background(), "test", fl.Session.ID)
	if err != nil || len(saved.ID) != 20 || saved.Step != "105" || saved.Pending != "" {
		t.Fatalf("saved %+v %v", saved, err)
	}
	r := purchase.NewQuoteResult(saved, fl.LastResponse)
	// The documented luxury quote: commercial 411975, total 542975 fen.
	if r.PackageType != "luxury" || r.Premiums["bizTotalPremium"].Fen != 411975 || r.Premiums["totalPremium"].Yuan != "5429.75" ||
		!r.Compulsory || r.BizBeginDate == "" || len(r.Coverages) == 0 {
		t.Fatalf("%+v", r)
	}
	if strings.Join(progress.lines, "|") != "100 200|105 100" {
		t.Fatalf("progress %q", progress.lines)
	}
}

// A follow-up answer changes the cover: 110 with the normalised option
// value, then 115 saves the premium and lists the gifts.
func TestChangeCoverRequotesAndSaves(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	s := quoted(t, p, sessions, "07518800")

	fl := p.flow(t, sessions)
	fl.Session = s
	// 500000 is given without the ".00" of the option: it is matched.
	if err := fl.Change(context.Background(), "optional", answers(t, "cov_600=500000", "cov_500=0")); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "110")
	if in["cov_600"] != "500000.00" || in["packageType"] != "optional" {
		t.Fatalf("110 inputs %v", in)
	}
	if tx := p.transactions(); tx[len(tx)-1] != "115" {
		t.Fatalf("sent %v", tx)
	}
	r := purchase.NewQuoteResult(fl.Session, fl.LastResponse)
	// luxury 411975 - theft 49400 - its waiver 0 + (1631-1359)*100*1.15 = 393855.
	if r.Step != "115" || r.PackageType != "optional" || r.Premiums["bizTotalPremium"].Fen != 393855 ||
		r.Premiums["totalPremium"].Fen != 524855 || len(r.Gifts) == 0 || r.GiftBudget == "" {
		t.Fatalf("%+v", r)
	}

	// An add-on without its main coverage: the platform's form comes back
	// and a script stops, naming the key and how to continue.
	err := fl.Change(context.Background(), "", answers(t, "cov_921=1"))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || !strings.Contains(err.Error(), "cov_921") || !strings.Contains(fe.Hint, "--session "+s.ID) {
		t.Fatalf("%v", err)
	}
}

// A person on a terminal picks the coverage to change and its value; the
// 110 carries the whole combination (its tables mark every coverage not
// nullable) with that one changed.
func TestChangeAsksWhichCoverToChange(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	fl.Asker = &scriptedAsker{chosen: []string{"cov_600"}, values: map[string]string{"cov_600": "500000.00"}}
	if err := fl.Change(context.Background(), "optional", answers(t)); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "110")
	if in["cov_600"] != "500000.00" || in["cov_500"] != "98800.00" || in["cov_911"] != "1" || in["runArea"] != "04" {
		t.Fatalf("110 did not send the whole combination with the chosen coverage changed: %v", in)
	}
	if fl.Session.Step != "115" {
		t.Fatalf("step %s", fl.Session.Step)
	}
}

// Another fixed package re-prices with 105 before saving.
func TestChangeToAnotherPackage(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	if err := fl.Change(context.Background(), "basic", answers(t)); err != nil {
		t.Fatal(err)
	}
	tx := p.transactions()
	if strings.Join(tx[len(tx)-2:], ",") != "105,115" || fl.Session.PackageType != "basic" {
		t.Fatalf("sent %v, package %s", tx, fl.Session.PackageType)
	}
	in, _ := p.sent(t, "105")
	if in["packageType"] != "basic" || in["vehicleFrameNo"] != "LSVAM4187C2184321" {
		t.Fatalf("105 did not resend the vehicle with the package: %v", in)
	}
}

// Issue: underwriting with the people, payment check and issue; the
// policy numbers come back and an issued session sends nothing more.
func TestIssueBuysTheQuotedSession(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	progress := &progressLines{}
	fl := p.flow(t, sessions)
	fl.Session, fl.Progress = quoted(t, p, sessions, "07518800"), progress
	a, err := purchase.LoadAnswers(nil, "../../../examples/sunshine/answers-issue.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{PayType: "01", CheckPayNo: "B5000M386466139260786", Now: testNow, TestPayNo: true}, a); err != nil {
		t.Fatal(err)
	}
	if tx := p.transactions(); strings.Join(tx[3:], ",") != "120,125,130" {
		t.Fatalf("sent %v", tx)
	}
	in, body := p.sent(t, "120")
	if in["applicantMobile"] != "13912345678" || in["addresseeDetails"] != "广州市天河区体育西路1号" || !strings.Contains(string(body), "TB"+fl.Session.ID) {
		t.Fatalf("120 %v", in)
	}
	_, body = p.sent(t, "130")
	if !strings.Contains(string(body), "TEST"+fl.Session.ID) || !strings.Contains(string(body), "542975") {
		t.Fatalf("130 did not report the generated payment of the checked amount:\n%s", body)
	}
	saved, _ := sessions.Load(context.Background(), "test", fl.Session.ID)
	r := purchase.NewIssueResult(saved)
	if !saved.Issued() || saved.IssuedAt == "" || !strings.HasPrefix(r.PolicyNos["biz"], "P07510509") ||
		!strings.HasPrefix(r.PolicyNos["force"], "P07510507") || r.ProposalNos["biz"] == "" || r.Paid.Fen != 542975 {
		t.Fatalf("%+v", r)
	}
	if last := progress.lines[len(progress.lines)-2]; !strings.Contains(last, "no --pay-no") {
		t.Fatalf("no note of the generated payment number: %q", progress.lines)
	}

	n := len(p.transactions())
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true}, answers(t)); err != nil || len(p.transactions()) != n {
		t.Fatalf("issuing again: %v, sent %d more", err, len(p.transactions())-n)
	}
}

// Outside a test platform a missing payment number is refused before
// anything is sent: a made-up PayOrderId never reaches the platform.
func TestIssueWithoutPayNoIsRefusedOutsideTheSandbox(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	n := len(p.transactions())
	a, err := purchase.LoadAnswers(nil, "../../../examples/sunshine/answers-issue.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = fl.Issue(context.Background(), purchase.IssueRequest{PayType: "01", Now: testNow}, a)
	if failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "--pay-no") {
		t.Fatalf("%v", err)
	}
	if tx := p.transactions(); len(tx) != n {
		t.Fatalf("sent %v", tx[n:])
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{PayType: "01", PayNo: "2026030200001000910000069408", CheckPayNo: "B5000M386466139260786", Now: testNow}, a); err != nil {
		t.Fatal(err)
	}
	if _, body := p.sent(t, "130"); !strings.Contains(string(body), "2026030200001000910000069408") || strings.Contains(string(body), "TEST"+fl.Session.ID) {
		t.Fatalf("130 sent:\n%s", body)
	}
}

// A script lacking answers stops before anything is sent for the step,
// naming every key still needed with its label.
func TestMissingAnswersAreReportedWithTheirKeys(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = newSession("07518800")
	err := fl.Start(context.Background(), "", answers(t))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage {
		t.Fatalf("%v", err)
	}
	for _, want := range []string{"vehicleInfo.vehicleFrameNo", "车架号", "vehicleInfo.engineNo", "--set"} {
		if !strings.Contains(err.Error()+fe.Hint+fieldsOf(fe), want) {
			t.Errorf("%q not in %v (%s)", want, err, fieldsOf(fe))
		}
	}
	if tx := p.transactions(); len(tx) != 1 || tx[0] != "095" {
		t.Fatalf("sent %v", tx)
	}

	s := quoted(t, p, sessions, "07518800")
	fl = p.flow(t, sessions)
	fl.Session = s
	err = fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true}, answers(t, "insuredName=张三"))
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || !strings.Contains(fieldsOf(fe), "applicantInfo.applicantMobile") ||
		!strings.Contains(fieldsOf(fe), "被保险人身份证号") || !strings.Contains(fe.Hint, "insure sunshine issue --session "+s.ID) {
		t.Fatalf("%v %s", err, fieldsOf(fe))
	}
	if saved, _ := sessions.Load(context.Background(), "test", s.ID); saved.Pending != "120" {
		t.Fatalf("the form is not saved pending: %+v", saved)
	}
}

func fieldsOf(fe *failure.Error) string {
	var b strings.Builder
	for _, f := range fe.Fields {
		b.WriteString(f.Field + ": " + f.Rule + "\n")
	}
	return b.String()
}

// An answer whose signature does not verify is a verification failure
// (exit 6), and the session is not advanced by it.
func TestTamperedAnswerFailsVerification(t *testing.T) {
	p := newPlatform(t)
	// One digit of the signed body (the form's values) changed after
	// signing, as a proxy or a bug on the way might.
	p.Tamper(func(b []byte) []byte {
		out := bytes.Clone(b)
		for i := bytes.Index(out, []byte("<Response")); i > 0 && i < len(out); i++ {
			if c := out[i]; c >= '0' && c <= '9' {
				out[i] = '0' + (c-'0'+1)%10
				break
			}
		}
		return out
	})
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = newSession("07518800")
	err := fl.Start(context.Background(), "", answers(t, vehicleAnswers...))
	if failure.KindOf(err) != failure.Verification {
		t.Fatalf("kind %v: %v", failure.KindOf(err), err)
	}
	if fl.Session.ID != "" {
		t.Fatalf("a session was opened from an unverified answer: %s", fl.Session.ID)
	}
}

// A session saved with a form pending resumes in a later process: the
// new answers are sent with the ones already given.
func TestResumeASavedSession(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = newSession("07518800")
	err := fl.Start(context.Background(), "", answers(t, "vehicleFrameNo=LSVAM4187C2184321", "engineNo=184321"))
	var fe *failure.Error
	if !errors.As(err, &fe) || fe.Kind != failure.Usage || !strings.Contains(fieldsOf(fe), "vehicleId") {
		t.Fatalf("%v", err)
	}
	list, err := sessions.List(context.Background(), "test", 0)
	if err != nil || len(list) != 1 || list[0].Pending != "105" || !strings.Contains(fe.Hint, "--session "+list[0].ID) {
		t.Fatalf("%+v %v (hint %q)", list, err, fe.Hint)
	}

	resumed, err := purchase.OpenSession(context.Background(), sessions, "test", list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	fl = p.flow(t, sessions)
	fl.Session = resumed
	if err := fl.Change(context.Background(), "", answers(t, "vehicleId=XDAAMD0068", "firstRegisterDate=2020-05-06", "ownerIdNo=440106198001011230")); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "105")
	if in["vehicleFrameNo"] != "LSVAM4187C2184321" || in["vehicleId"] != "XDAAMD0068" {
		t.Fatalf("105 lost the earlier answers: %v", in)
	}
	// The pending form answered, the session is priced (105); a later
	// Change saves it (115).
	if fl.Session.Step != "105" || fl.Session.Pending != "" || fl.Session.Premiums["totalPremium"] != 542975 {
		t.Fatalf("%+v", fl.Session)
	}

	if _, err := purchase.OpenSession(context.Background(), sessions, "test", "nosuch"); failure.KindOf(err) != failure.Usage {
		t.Fatalf("unknown session: %v", err)
	}
	if _, err := sessions.Load(context.Background(), "other", list[0].ID); !errors.Is(err, purchase.ErrSessionNotFound) {
		t.Fatalf("another profile's session: %v", err)
	}
}

// A person is asked what the answers leave open; what they answer is
// what the platform receives.
func TestAskerAnswersWhatIsLeftOpen(t *testing.T) {
	p := newPlatform(t)
	asker := &scriptedAsker{values: map[string]string{"vehicleFrameNo": "LSVAM4187C2184321", "engineNo": "184321",
		"vehicleId": "XDAAMD0068", "firstRegisterDate": "2020-05-06", "ownerIdNo": "440106198001011230", "seats": "5", "specialCarFlag": "0"}}
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session, fl.Asker = newSession("07518800"), asker
	if err := fl.Start(context.Background(), "", answers(t, "engineNo=184321")); err != nil {
		t.Fatal(err)
	}
	in, _ := p.sent(t, "105")
	if in["vehicleId"] != "XDAAMD0068" || in["firstRegisterDate"] != "2020-05-06" {
		t.Fatalf("105 %v", in)
	}
	asked := strings.Join(asker.asked, ",")
	if strings.Contains(asked, "engineNo") || !strings.Contains(asked, "vehicleFrameNo") {
		t.Fatalf("asked %s: an answered control was asked, or an open one was not", asked)
	}
}

// Beijing: without a code a script stops (exit 4 when this run sent 120,
// which was answered; exit 2, nothing sent, when run again without it); a
// person is told of a refused code and asked again; the right code
// completes the purchase.
func TestBeijingVerificationCode(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	s := quoted(t, p, sessions, "01562800")
	fl := p.flow(t, sessions)
	fl.Session = s
	err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, PayNo: "PAY-1", CheckPayNo: "CHK-1"}, answers(t, peopleAnswers...))
	if failure.KindOf(err).ExitCode() != 4 || !strings.Contains(err.Error(), "verification code") || !strings.Contains(err.Error(), "120) was sent") ||
		strings.Contains(err.Error(), "nothing was sent") || strings.Join(p.transactions()[len(p.transactions())-1:], "") != "120" {
		t.Fatalf("after 120: %v (sent %v)", err, p.transactions())
	}
	before := p.Count()
	err = fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, PayNo: "PAY-1", CheckPayNo: "CHK-1"}, answers(t))
	if failure.KindOf(err).ExitCode() != 2 || !strings.Contains(err.Error(), "nothing was sent") || p.Count() != before {
		t.Fatalf("again without a code: %v (sent %d)", err, p.Count()-before)
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, VerifyCode: "000000", TestPayNo: true}, answers(t)); failure.KindOf(err) != failure.Refused {
		t.Fatalf("wrong code: %v", err)
	}

	asker := &scriptedAsker{codes: []string{"000000", "", "345678"}}
	fl.Asker = asker
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, PayNo: "PAY-1", CheckPayNo: "CHK-1"}, answers(t)); err != nil {
		t.Fatal(err)
	}
	if len(asker.refusals) != 3 || asker.refusals[0] != nil || asker.refusals[1] == nil || asker.refusals[2] != nil {
		t.Fatalf("refusals shown: %v", asker.refusals)
	}
	tx := strings.Join(p.transactions(), ",")
	if !strings.HasSuffix(tx, "127,127,126,127,125,130") {
		t.Fatalf("sent %s", tx)
	}
	if !strings.HasPrefix(fl.Session.PolicyNos()["biz"], "P01560509") {
		t.Fatalf("%+v", fl.Session.PolicyNos())
	}
}

// Steps in the wrong order are refused before anything is sent.
func TestStepsOutOfOrderAreUsageErrors(t *testing.T) {
	p := newPlatform(t)
	fl := p.flow(t, purchase.NewMemoryStore())
	fl.Session = &purchase.Session{ID: "S1", Profile: "test", Step: "100"}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{Now: testNow, TestPayNo: true}, answers(t)); failure.KindOf(err) != failure.Usage ||
		!strings.Contains(err.Error(), "no quote yet") {
		t.Fatalf("%v", err)
	}
	fl.Session.Step = "120"
	if err := fl.Change(context.Background(), "basic", answers(t)); failure.KindOf(err) != failure.Usage || !strings.Contains(err.Error(), "after underwriting") {
		t.Fatalf("%v", err)
	}
	if n := len(p.transactions()); n != 0 {
		t.Fatalf("sent %d requests", n)
	}
}

func TestAnswersFiles(t *testing.T) {
	dir := t.TempDir()
	grouped := dir + "/grouped.yaml"
	if err := os.WriteFile(grouped, []byte("vehicleInfo: {engineNo: 184321, seats: 5}\nspecialCarFlag: false\nnote:\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, err := purchase.LoadAnswers(nil, grouped, []string{"vehicleInfo.engineNo=E2"})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Lookup("vehicleInfo", "engineNo"); v != "E2" {
		t.Fatalf("--set does not win over the file: %q", v)
	}
	if v, _ := a.Get("specialCarFlag"); v != "0" {
		t.Fatalf("false is %q", v)
	}
	if _, ok := a.Lookup("otherGroup", "seats"); ok {
		t.Fatal("an answer for another group matched")
	}
	if rest := a.Unused(nil); len(rest) != 2 {
		t.Fatalf("unused %+v", rest)
	}

	a, err = purchase.LoadAnswers(strings.NewReader("transaction: \"105\"\ninputsList:\n  - type: vehicleInfo\n    inputs:\n      - {name: seats, value: \"5\"}\n"), "-", nil)
	if v, ok := a.Lookup("vehicleInfo", "seats"); err != nil || !ok || v != "5" {
		t.Fatalf("request file: %q %v", v, err)
	}
	for _, bad := range []string{dir + "/missing.yaml", grouped + "x"} {
		if _, err := purchase.LoadAnswers(nil, bad, nil); failure.KindOf(err) != failure.Usage {
			t.Errorf("%s: %v", bad, err)
		}
	}
	if _, err := purchase.LoadAnswers(strings.NewReader("- a\n- b\n"), "-", nil); failure.KindOf(err) != failure.Usage {
		t.Errorf("a list: %v", err)
	}
}

func TestMemoryStoreListsNewestFirst(t *testing.T) {
	st := purchase.NewMemoryStore()
	for _, id := range []string{"A", "B", "C"} {
		if err := st.Save(context.Background(), &purchase.Session{ID: id, Profile: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	_ = st.Save(context.Background(), &purchase.Session{ID: "X", Profile: "other"})
	list, err := st.List(context.Background(), "test", 2)
	if err != nil || len(list) != 2 || list[0].ID != "C" {
		t.Fatalf("%+v %v", list, err)
	}
}

// The underwriting table (3.10.1) has an ownerInfo group whose name, ID
// number and mobile may not be empty: 120 sends the owner the earlier
// steps gave, although the answers name only the insured, the applicant
// and the delivery.
func TestUnderwritingSendsTheOwner(t *testing.T) {
	p := newPlatform(t)
	sessions := purchase.NewMemoryStore()
	fl := p.flow(t, sessions)
	fl.Session = quoted(t, p, sessions, "07518800")
	a, err := purchase.LoadAnswers(nil, "../../../examples/sunshine/answers-issue.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := fl.Issue(context.Background(), purchase.IssueRequest{PayType: "01", CheckPayNo: "B5000M386466139260786", Now: testNow, TestPayNo: true}, a); err != nil {
		t.Fatal(err)
	}
	in, body := p.sent(t, "120")
	owner := regexp.MustCompile(`(?s)<Inputs type="ownerInfo">(.*?)</Inputs>`).FindSubmatch(body)
	if owner == nil {
		t.Fatalf("120 has no ownerInfo group:\n%s", body)
	}
	for _, k := range []string{"ownerName", "ownerIdNo", "ownerMobile"} {
		if in[k] == "" || !strings.Contains(string(owner[1]), `name="`+k+`"`) {
			t.Errorf("120 ownerInfo lacks %s (%q):\n%s", k, in[k], owner[1])
		}
	}
	if in["ownerName"] != fl.Session.Owner || in["ownerMobile"] != fl.Session.Mobile || in["ownerIdNo"] != fl.Session.Input("ownerIdNo") {
		t.Errorf("120 owner %v, session owner %q %q %q", in, fl.Session.Owner, fl.Session.Mobile, fl.Session.Input("ownerIdNo"))
	}
}
