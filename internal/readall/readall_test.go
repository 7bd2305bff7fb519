package readall

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestSizedReadsEverythingWhateverTheSizeSays(t *testing.T) {
	want := strings.Repeat("0123456789", 300) // 3,000 bytes
	for _, size := range []int64{-1, 0, 1, 2999, 3000, 3001, 1 << 40} {
		for name, r := range map[string]io.Reader{
			"reader":         strings.NewReader(want),
			"one byte reads": iotest.OneByteReader(strings.NewReader(want)),
			"data with EOF":  iotest.DataErrReader(strings.NewReader(want)),
		} {
			got, err := Sized(r, size)
			if err != nil || string(got) != want {
				t.Errorf("size %d, %s: %d bytes, %v", size, name, len(got), err)
			}
		}
	}
}

// A right size is read into one buffer, with no growth.
func TestSizedAllocatesOnceWhenTheSizeIsRight(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 2048)
	allocs := testing.AllocsPerRun(100, func() {
		r := bytes.NewReader(body)
		if b, err := Sized(r, Len(r)); err != nil || len(b) != len(body) {
			t.Fatal(len(b), err)
		}
	})
	if allocs > 2 { // the buffer, and the reader escaping to the interface
		t.Errorf("%v allocations a read", allocs)
	}
}

func TestSizedReturnsWhatArrivedBeforeAnError(t *testing.T) {
	boom := errors.New("boom")
	got, err := Sized(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), 10)
	if string(got) != "abc" || !errors.Is(err, boom) {
		t.Errorf("%q %v", got, err)
	}
}

func TestLen(t *testing.T) {
	if n := Len(strings.NewReader("abcd")); n != 4 {
		t.Errorf("strings.Reader: %d", n)
	}
	if n := Len(bytes.NewBufferString("ab")); n != 2 {
		t.Errorf("bytes.Buffer: %d", n)
	}
	if n := Len(io.NopCloser(strings.NewReader("ab"))); n != -1 {
		t.Errorf("a reader that does not say: %d", n)
	}
}
