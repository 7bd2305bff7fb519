package batch

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lineReader reads an input one physical line at a time, for both
// formats: a record is one line, so line numbers are the file's and every
// line gets its one result. It holds at most MaxLineSize bytes of a line
// (plus its buffer): a longer line is skipped to its end unread and
// reported as too long, so one huge line (a runaway export, a binary file)
// costs no more memory than a line of the limit, and the next line is read
// as usual.
type lineReader struct {
	br  *bufio.Reader
	buf []byte
	n   int // lines returned so far: the last one's number
	// err is the read error (io.EOF at the end) met while reading the last
	// line returned, given by the next call. The input is never read
	// again after it: a terminal's Ctrl-D is not repeated, so reading on
	// would wait for a second one.
	err error
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line without its line ending (LF or CRLF) and
// whether it was longer than MaxLineSize, its ending not counted (the
// text is then empty). It returns io.EOF after the last line, an
// unterminated one included. The text is valid until the next call.
func (l *lineReader) next() (text []byte, tooLong bool, err error) {
	if l.err != nil {
		return nil, false, l.err
	}
	l.buf = l.buf[:0]
	for {
		chunk, err := l.br.ReadSlice('\n')
		if !tooLong {
			l.grow(len(chunk))
			l.buf = append(l.buf, chunk...)
			// +2: a CRLF ending is not the line's.
			if len(l.buf) > MaxLineSize+2 {
				tooLong, l.buf = true, l.buf[:0]
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			l.err = err
			if len(l.buf) == 0 && !tooLong {
				return nil, false, err
			}
		}
		break
	}
	l.n++
	text = bytes.TrimSuffix(bytes.TrimSuffix(l.buf, []byte("\n")), []byte("\r"))
	if len(text) > MaxLineSize {
		tooLong, text = true, nil
	}
	return text, tooLong, nil
}

// lineCap is what a line's buffer grows to at most, but for a chunk
// larger than bufio's own buffer (an input that was a larger
// bufio.Reader): a chunk is added only while the line is within the
// limit.
const lineCap = MaxLineSize + 2 + 64<<10

// grow makes room for n more bytes, doubling up to lineCap: append's own
// growth (a quarter at a time for large slices) allocated some five times
// the size of a long line on the way to it.
func (l *lineReader) grow(n int) {
	need := len(l.buf) + n
	if need <= cap(l.buf) {
		return
	}
	nb := make([]byte, len(l.buf), max(need, min(2*cap(l.buf), lineCap)))
	copy(nb, l.buf)
	l.buf = nb
}

// isBlank says a line holds nothing but spaces and tabs: the bytes
// CountRecords skips, so a progress bar's total leaves out what is not sent.
func isBlank(text []byte) bool {
	return len(bytes.Trim(text, " \t\r")) == 0
}
