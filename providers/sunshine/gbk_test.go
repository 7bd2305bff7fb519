package sunshine

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The ASCII fast paths must give exactly what x/text gives for the whole
// text: the same bytes, the same error.

func plainEncodeGBK(b []byte) ([]byte, error) { return simplifiedchinese.GBK.NewEncoder().Bytes(b) }
func plainDecodeGB18030(b []byte) ([]byte, error) {
	return simplifiedchinese.GB18030.NewDecoder().Bytes(b)
}

func checkEncode(t *testing.T, in []byte) {
	t.Helper()
	want, wantErr := plainEncodeGBK(in)
	got, err := encodeGBK(in)
	if _, outside := firstOutsideGBK(in); outside {
		// x/text writes these from GB18030's table; GBK has none of them,
		// so encodeGBK refuses the text (gbk_strict_test.go).
		if err == nil {
			t.Fatalf("encodeGBK(%q) = %q: a character outside GBK was written", in, got)
		}
		return
	}
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("encodeGBK(%q): error %v, x/text %v", in, err, wantErr)
	}
	if err == nil && !bytes.Equal(got, want) {
		t.Fatalf("encodeGBK(%q)\n = %q\n x/text %q", in, got, want)
	}
}

func checkDecode(t *testing.T, in []byte) {
	t.Helper()
	want, wantErr := plainDecodeGB18030(in)
	got, err := decodeGB18030(in)
	if (err == nil) != (wantErr == nil) || !bytes.Equal(got, want) {
		t.Fatalf("decodeGB18030(%q)\n = %q, %v\n x/text %q, %v", in, got, err, want, wantErr)
	}
}

// gbkPieces are what the random texts are made of: ASCII (digits matter:
// they are the second and fourth bytes of GB18030's four-byte forms),
// characters GBK has, characters it lacks, the euro sign (one byte in
// GBK), and invalid or cut UTF-8.
var gbkPieces = [][]byte{
	[]byte("<input name='ownerName'>"), []byte("a"), []byte("0"), []byte("9"), []byte("@"), []byte("~"), []byte("\x7f"),
	[]byte(" \n\t"), []byte("儿童"), []byte("京"), []byte("阳光车险"), []byte("é"), []byte("·"), []byte("€"),
	[]byte("😀"), []byte("\u0100"), []byte("\uFFFD"), []byte("\xff"), []byte("\xe4\xb8"), []byte("\x80"), []byte("\xc3"),
	[]byte("\x81"), []byte("\xfe"), []byte("\x81\x30"), []byte("\x81\x30\x81"), []byte("\x81\x30\x81\x30"),
	[]byte("\x84\x31\xa4\x39"), []byte("\xe3\x32\x9a\x35"), []byte("\xa1\x40"), []byte("\xa1\x7f"), []byte("\xb6\xf9"),
}

func randomText(r *rand.Rand) []byte {
	var b []byte
	for n := r.IntN(40); n > 0; n-- {
		b = append(b, gbkPieces[r.IntN(len(gbkPieces))]...)
	}
	return b
}

func TestEncodeGBKMatchesXText(t *testing.T) {
	checkEncode(t, nil)
	checkEncode(t, []byte{})
	checkEncode(t, []byte("<Request><a>plain ASCII only, longer than eight bytes</a></Request>"))
	checkEncode(t, []byte("<a>儿童</a>"))
	checkEncode(t, []byte("<a>😀</a>"))    // GBK lacks it
	checkEncode(t, []byte("<a>\xff</a>")) // invalid UTF-8
	files, _ := filepath.Glob(filepath.Join("testdata", "manual", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checkEncode(t, b)
	}
	r := rand.New(rand.NewPCG(13, 2))
	for range 20000 {
		checkEncode(t, randomText(r))
	}
}

func TestDecodeGB18030MatchesXText(t *testing.T) {
	checkDecode(t, nil)
	checkDecode(t, []byte("plain ASCII only, longer than eight bytes"))
	files, _ := filepath.Glob(filepath.Join("testdata", "manual", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		g, err := plainEncodeGBK(b)
		if err != nil {
			t.Fatal(err)
		}
		checkDecode(t, g)
		checkDecode(t, b) // UTF-8 read as GBK: garbage, but the same garbage
	}
	r := rand.New(rand.NewPCG(13, 3))
	for range 20000 {
		checkDecode(t, randomText(r))
	}
	// Random bytes, weighted to lead bytes and ASCII digits.
	alphabet := []byte{0x30, 0x35, 0x39, 0x40, 0x41, 0x7e, 0x7f, 0x80, 0x81, 0x84, 0xa1, 0xe3, 0xfe, 0xff, '<', '>', 'a'}
	for range 20000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		checkDecode(t, b)
	}
}

func TestDecodeGBKDeclaredUTF8(t *testing.T) {
	doc := []byte("<?xml version='1.0' encoding='UTF-8'?><a>儿童</a>")
	if got, err := DecodeGBK(doc); err != nil || !bytes.Equal(got, doc) {
		t.Errorf("a document declared UTF-8 was decoded: %q, %v", got, err)
	}
}

func FuzzEncodeGBKMatchesXText(f *testing.F) {
	for _, p := range gbkPieces {
		f.Add(p)
	}
	f.Add([]byte("<a name='儿童'>x€y</a>"))
	f.Fuzz(func(t *testing.T, b []byte) { checkEncode(t, b) })
}

func FuzzDecodeGB18030MatchesXText(f *testing.F) {
	for _, p := range gbkPieces {
		f.Add(p)
	}
	f.Add([]byte("\x81\x30\x81\x30a\x81\x30\xa1\x40\x80\xff"))
	f.Fuzz(func(t *testing.T, b []byte) { checkDecode(t, b) })
}
