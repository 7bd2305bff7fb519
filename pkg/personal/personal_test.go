package personal

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	in := `POST /v1/quotations?version=1&accessKey=ak&signature=abc HTTP/1.1

{"policyHolder":{"PH001":"Shop.Zhang","PH005":1,"PH006":"132456199001011234","PH015":"Shop.Zhang@123.com","PH013":"15710023568","PH003":"1990-01-01T00:00:00.000Z"},
 "policyInsuredPeople":[{"ISP001": "张三", "ISP005": "440106198001011234", "ISP011": 13800138000}],
 "vin":"LSVAU2180N2183294","quotationNumber":"Q2026113000001","note":"call 13912345678 or mail li.si@example.com, ID 11010519491231002X"}
<input name="ownerName">李四</input><input name="ownerIdNo">440106198001011234</input><input name="licenseNo">粤A12345</input>
<insuredMobile>13700001111</insuredMobile><input name='applicantName'>赵六</input>
<Tags type="ownerInfo"><Tag>
	<Definition name="type">label</Definition>
	<Definition name="key">ownerName</Definition>
	<Definition name="label">车主</Definition>
	<Definition name="value">观点</Definition>
</Tag><Tag><Definition name="key">licenseNo</Definition><Definition name="value">粤B54321</Definition></Tag>
<Tag readonly="true">
	<Definition name="type">text</Definition>
	<Definition name="key">insuredName</Definition>
	<Definition name="value">欧阳修</Definition>
</Tag><TAG Readonly='false'><definition name='key'>ownerMobile</definition><definition name = 'value' >13500003333</definition></TAG></Tags>
ownerName=王五&ownerMobile=13600002222&vin=LSVAU2180N2183294`
	out := Mask(in)
	for _, gone := range []string{"Shop.Zhang", "132456199001011234", "15710023568", "1990-01-01", "张三", "440106198001011234",
		"13800138000", "13912345678", "li.si@", "11010519491231002X", "李四", "13700001111", "赵六", "观点", "王五", "13600002222",
		"欧阳修", "13500003333"} {
		if strings.Contains(out, gone) {
			t.Errorf("%q is still shown:\n%s", gone, out)
		}
	}
	for _, kept := range []string{"LSVAU2180N2183294", "Q2026113000001", `"PH005":1`, "粤A12345", "粤B54321", "车主", "@123.com", "@example.com", "accessKey=ak", "张*", "李*", "157******68"} {
		if !strings.Contains(out, kept) {
			t.Errorf("%q is gone:\n%s", kept, out)
		}
	}
	if Mask(out) != out {
		t.Error("masking twice changes the text")
	}
}

// A key typed into find or history --key is repeated in messages only
// when it is an identifier: a name (kept only hashed) is masked, and so
// are resident IDs, mobiles and e-mails.
func TestMaskKey(t *testing.T) {
	for in, want := range map[string]string{
		"李四": "李*", "欧阳修": "欧**", "Li Si": "L****", "Shop.Zhang": "S*********", "zhang": "z****", "ZHANG SAN": "Z********",
		"132456199001011234": "132*************34", "15710023568": "157******68", "li.si@example.com": "l***@example.com",
		"NO-SUCH-ORDER": "NO-SUCH-ORDER", "NOTHING": "NOTHING", "沪A6U615": "沪A6U615", "LSVAU2180N2183294": "LSVAU2180N2183294",
		"P2612010000000001": "P2612010000000001", "sup-lower": "sup-lower", "20261201-0001": "20261201-0001",
	} {
		if got := MaskKey(in); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// Sunshine's 120 and 135 carry the insured's address as on the ID card
// (insuredaddresseeDetails) in the delivery group: masked like the
// delivery address beside it, in an input and in a form's value.
func TestMaskInsuredIDCardAddress(t *testing.T) {
	in := `<input name='insuredaddresseeDetails'>北京市东城区东华门大街1号</input>
<Tag><Definition name="key">insuredaddresseeDetails</Definition><Definition name="value">广州市天河区体育西路9号</Definition></Tag>`
	out := Mask(in)
	for _, gone := range []string{"东华门大街1号", "体育西路9号"} {
		if strings.Contains(out, gone) {
			t.Errorf("%q is still shown:\n%s", gone, out)
		}
	}
	if !strings.Contains(out, "insuredaddresseeDetails") {
		t.Errorf("the field's name is gone:\n%s", out)
	}
}

// A resident ID number read out over the phone with a digit missed or
// doubled (17 or 19 digits), or in the old 15-digit form, is masked as an
// ID number wherever a key is repeated; plates, VINs, order ids, session
// numbers and phone numbers of those lengths are not ID numbers.
func TestMaskKeyMasksNearResidentIDs(t *testing.T) {
	for in, want := range map[string]string{
		"13245619900101123":   "132************23",
		"1324561990010112345": "132**************45",
		"132456900101123":     "132**********23",
		" 1101051949123100x ": "110************0X",
		"沪A6U615":             "沪A6U615",
		"LSVAU2180N2183294":   "LSVAU2180N2183294",
		"P2612010000000001":   "P2612010000000001",
		"20261202064234282":   "20261202064234282",
		"SUP-1":               "SUP-1",
		"010-62345678":        "010-62345678",
		"15710023568":         "157******68",
	} {
		if got := MaskKey(in); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", in, got, want)
		}
	}
}
