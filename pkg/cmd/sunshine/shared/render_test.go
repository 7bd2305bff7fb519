package shared

import (
	"bytes"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
	"github.com/insurekit/insure/providers/sunshine"
)

// An answer whose text holds a C1 control (legal in XML 1.0) and 聸, whose
// GBK bytes C2 9B are an 8-bit CSI to a UTF-8 terminal.
func hostileAnswer(t *testing.T) *sunshine.Response {
	t.Helper()
	doc := "<?xml version=\"1.0\" encoding=\"GBK\"?>\n<PackageList><Package><Header><Status>100</Status></Header><Sign>x</Sign>" +
		"<Response><TagsList><Tags><Tag><Definition name=\"label\">座位\u009b2J聸[31m数</Definition></Tag></Tags></TagsList></Response></Package></PackageList>"
	gbk, err := sunshine.EncodeGBK([]byte(strings.Replace(doc, "\u009b", "&#x9b;", 1)))
	if err != nil {
		t.Fatal(err)
	}
	// The C1 control itself, not a reference: what a UTF-8 answer carries.
	utf8Doc := []byte(doc)
	return &sunshine.Response{Raw: gbk, UTF8: utf8Doc}
}

// -o xml and -o raw on a terminal show the answer as readable text with
// no control characters; in a pipe they are the document exactly (UTF-8
// and GBK bytes).
func TestAnswerDocumentIsReadableOnATerminalAndExactInAPipe(t *testing.T) {
	resp := hostileAnswer(t)
	for _, format := range []string{"xml", "raw"} {
		ios, _, out, _ := iostreams.Test()
		ios.SetStdoutTTY(true)
		if err := Print(ios, output.Options{Format: format}, resp, output.Result{}); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		if strings.ContainsRune(s, '\u009b') || !strings.Contains(s, "座位") || !strings.Contains(s, "聸[31m数") {
			t.Errorf("-o %s on a terminal: %q", format, s)
		}

		ios, _, out, _ = iostreams.Test()
		if err := Print(ios, output.Options{Format: format}, resp, output.Result{}); err != nil {
			t.Fatal(err)
		}
		want := resp.Raw
		if format == "xml" {
			want = RelabelUTF8(resp.UTF8)
		}
		if got := bytes.TrimSuffix(out.Bytes(), []byte("\n")); !bytes.Equal(got, want) {
			t.Errorf("-o %s in a pipe changed the document:\n%q\nwant\n%q", format, got, want)
		}
	}
}

// Two groups of one type (two named drivers) print as two: the table names
// each as --set does, and JSON gives each its index.
func TestRepeatedGroupsPrintApart(t *testing.T) {
	group := func(name string) sunshine.Tags {
		return sunshine.Tags{Type: "driverInfo", Tags: []sunshine.Tag{{Definitions: []sunshine.Definition{
			{Name: "type", Value: "text"}, {Name: "key", Value: "driverName"}, {Name: "value", Value: name}}}}}
	}
	forms := Forms([]sunshine.Tags{{Type: "vehicleInfo"}, group("张三"), group("李四")})
	var b bytes.Buffer
	if err := FormTable(&b, false, forms); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "driverInfo[0]\tdriverName\t\ttext\t张三") || !strings.Contains(b.String(), "driverInfo[1]\tdriverName\t\ttext\t李四") {
		t.Errorf("table:\n%s", b.String())
	}
	if forms[0].Index != nil || forms[1].Index == nil || *forms[1].Index != 0 || *forms[2].Index != 1 {
		t.Errorf("indexes %+v", forms)
	}
}
