package sunshine_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/providers/sunshine"
)

func example050(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/sunshine/request-050.xml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A UTF-8 file is relabelled GBK whenever it is sent, also when all its
// text is ASCII (the bytes do not change, the label does); a byte-order
// mark is dropped; a GBK file is left byte for byte.
func TestToGBKRelabelsUTF8(t *testing.T) {
	gbk := example050(t)
	ascii := bytes.Replace(gbk, []byte("encoding='GBK'"), []byte("encoding='UTF-8'"), 1)
	bom := []byte("\xef\xbb\xbf")
	chinese := bytes.Replace(ascii, []byte("<InputsList></InputsList>"), []byte(`<InputsList><Inputs type="x"><input name="licenseNo">京A12345</input></Inputs></InputsList>`), 1)
	wantChinese := bytes.Replace(gbk, []byte("<InputsList></InputsList>"), []byte("<InputsList><Inputs type=\"x\"><input name=\"licenseNo\">\xbe\xa9A12345</input></Inputs></InputsList>"), 1)
	for _, tc := range []struct {
		name     string
		in, want []byte
	}{
		{"GBK", gbk, gbk},
		{"ASCII declared UTF-8", ascii, gbk},
		{"ASCII declared utf8", bytes.Replace(ascii, []byte("UTF-8"), []byte("utf8"), 1), gbk},
		{"byte-order mark, declared GBK", append(append([]byte{}, bom...), gbk...), gbk},
		{"byte-order mark, declared UTF-8", append(append([]byte{}, bom...), ascii...), gbk},
		{"Chinese declared UTF-8", chinese, wantChinese},
		{"Chinese GBK", wantChinese, wantChinese},
	} {
		got, err := sunshine.ToGBK(tc.in)
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%s: %v\n%s", tc.name, err, got)
		}
	}
}

// A character GBK cannot write, or a byte that is not UTF-8 in a file
// declared UTF-8, is named with its line; nothing is sent.
func TestSendRawNamesWhatGBKCannotWrite(t *testing.T) {
	p := newPlatform(t)
	c := p.client(t)
	utf8Doc := bytes.Replace(example050(t), []byte("encoding='GBK'"), []byte("encoding='UTF-8'"), 1)
	withInput := func(doc []byte, v string) []byte {
		return bytes.Replace(doc, []byte("<InputsList></InputsList>"), []byte("<InputsList>\n<Inputs type=\"x\"><input name=\"a\">"+v+"</input></Inputs></InputsList>"), 1)
	}
	for _, tc := range []struct {
		name string
		doc  []byte
		want []string
	}{
		{"emoji", withInput(utf8Doc, "京A😀"), []string{"line 19", `"😀"`, "U+1F600", "GBK"}},
		{"GBK under a UTF-8 declaration", withInput(utf8Doc, "\xbe\xa9A"), []string{"line 19", "0xBE", "not UTF-8", "declaration"}},
	} {
		_, err := c.SendRaw(context.Background(), tc.doc)
		var fe *failure.Error
		var ee *sunshine.EncodingError
		if !errors.As(err, &fe) || fe.Kind != failure.Usage || !errors.As(err, &ee) || fe.Hint == "" {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not say %q", tc.name, err, w)
			}
		}
	}
	if n := len(p.Received()); n != 0 {
		t.Errorf("%d requests were sent", n)
	}

	// Sent, the ASCII file declared UTF-8 is taken by the platform.
	r, err := c.SendRaw(context.Background(), utf8Doc)
	if err != nil || r.Status != sunshine.StatusOK {
		t.Fatalf("ASCII declared UTF-8: %v", err)
	}
	if sent := p.Last(); !bytes.Contains(sent, []byte("encoding='GBK'")) {
		t.Errorf("sent:\n%s", sent)
	}
}

// A file without a declaration, or with one naming no encoding, is
// declared GBK when it is sent: an XML parser reads an undeclared
// document as UTF-8 (the manual's envelope begins with the GBK
// declaration, 3.2), so the GBK bytes of its Chinese would not be read.
// A declaration naming an encoding is left as it is.
func TestToGBKDeclaresGBK(t *testing.T) {
	body := "<PackageList><Package><Request><InputsList><Inputs type=\"x\"><input name=\"licenseNo\">京A12345</input></Inputs></InputsList></Request></Package></PackageList>"
	gbkBody, err := sunshine.EncodeGBK([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	declared := append([]byte("<?xml version=\"1.0\" encoding=\"GBK\"?>\n"), gbkBody...)
	for _, tc := range []struct {
		name, in string
		want     []byte
	}{
		{"UTF-8, no declaration", body, declared},
		{"GBK, no declaration", string(gbkBody), declared},
		{"ASCII, no declaration", "<PackageList/>", []byte("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<PackageList/>")},
		{"declaration without encoding", "<?xml version='1.0' standalone='yes'?>\n" + body,
			append([]byte("<?xml version='1.0' encoding=\"GBK\" standalone='yes'?>\n"), gbkBody...)},
	} {
		got, err := sunshine.ToGBK([]byte(tc.in))
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%s: %v\n%s", tc.name, err, got)
		}
	}

	// Sent: what the platform receives declares GBK and verifies.
	p := newPlatform(t)
	c := p.client(t)
	partner, _ := keys(t)
	doc := strings.Replace(string(example050(t)), "<?xml version='1.0' encoding='GBK' standalone='yes'?>\n", "", 1)
	if strings.Contains(doc, "<?xml") {
		t.Fatal("the example no longer starts with its declaration")
	}
	if _, err := c.SendRaw(context.Background(), []byte(doc)); err != nil {
		t.Fatal(err)
	}
	sent := p.Last()
	if !bytes.HasPrefix(sent, []byte(`<?xml version="1.0" encoding="GBK"?>`)) || sunshine.VerifyDocument(sent, "Request", partner.pub) != nil {
		t.Errorf("sent:\n%s", sent)
	}
}

// A GBK file whose bytes are also valid UTF-8 (鲁 is C2 B3, 肖 is D0 A4:
// two-byte UTF-8 sequences) is GBK, as it declares: it is sent as it is,
// not read as "³" (which GBK cannot write: refused) or "Ф" (which GBK
// writes otherwise: other text signed and sent).
func TestToGBKKeepsAGBKFileThatReadsAsUTF8(t *testing.T) {
	for _, text := range []string{"鲁A12345", "肖"} {
		gbkText, err := sunshine.EncodeGBK([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		doc := append([]byte("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<PackageList><Package><Request><x>"), gbkText...)
		doc = append(doc, "</x></Request></Package></PackageList>"...)
		if !utf8.Valid(doc) {
			t.Fatalf("%s: the GBK bytes are not valid UTF-8; the case tests nothing", text)
		}
		got, err := sunshine.ToGBK(doc)
		if err != nil || !bytes.Equal(got, doc) {
			t.Errorf("%s: %v\n got % x\nwant % x", text, err, got, doc)
		}
	}
}

// GBK bytes can also be valid UTF-8 of three bytes a character: 岑红春,
// a common name, is E1AFBA ECB4BA, which reads as U+1BFA and a Hangul
// syllable. Such a file was read as UTF-8 and refused for characters it
// does not hold. Its UTF-8 reading is not writable in GBK, its GBK reading
// is: it is GBK, as it declares. A file whose UTF-8 reading is Chinese
// GBK can write (北京, saved by an editor) is still read as UTF-8.
func TestToGBKKeepsAGBKFileWhoseUTF8ReadingIsNoChinese(t *testing.T) {
	gbkText, err := sunshine.EncodeGBK([]byte("岑红春"))
	if err != nil {
		t.Fatal(err)
	}
	doc := append([]byte("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<PackageList><Package><Request><x>"), gbkText...)
	doc = append(doc, "</x></Request></Package></PackageList>"...)
	if !utf8.Valid(doc) {
		t.Fatal("the GBK bytes are not valid UTF-8; the case tests nothing")
	}
	got, err := sunshine.ToGBK(doc)
	if err != nil || !bytes.Equal(got, doc) {
		t.Errorf("%v\n got % x\nwant % x", err, got, doc)
	}
	utf8Doc := []byte("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<PackageList><Package><Request><x>北京</x></Request></Package></PackageList>")
	want, _ := sunshine.EncodeGBK([]byte("北京"))
	if got, err := sunshine.ToGBK(utf8Doc); err != nil || !bytes.Contains(got, want) {
		t.Errorf("an editor's UTF-8 file: %v\n% x", err, got)
	}
}
