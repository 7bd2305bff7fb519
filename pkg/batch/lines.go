package batch

import (
	"bufio"
	"bytes"
	"io"
)

// lineReader reads an input one physical line at a time, for both
// formats: a record is one line, so line numbers are the file's and every
// line gets its one result. It holds at most MaxLineSize bytes of a line
// (plus its buffer): a longer line is skipped to its end unread and
// reported as too long, so one huge line (a runaway export, a binary file)
// costs no more memory than a line of the limit, and the next line is read
// as usual.
//
// A line ends with LF, CRLF or a lone CR: old Mac spreadsheets (Excel's
// "CSV (Macintosh)") end lines with CR alone, and read by LF such a file
// was one line, its data taken for the header's names and never sent.
type lineReader struct {
	br  *bufio.Reader
	buf []byte
	n   int // lines returned so far: the last one's number
	// afterCR says the last line ended with a CR, so an LF that follows
	// is that ending's (CRLF), not an empty line. It is looked at on the
	// next call, not before returning the line: a producer that writes a
	// CR-ended line and waits gets the line at once.
	afterCR bool
	// err is the read error (io.EOF at the end) met while reading the last
	// line returned, given by the next call. The input is never read
	// again after it: a terminal's Ctrl-D is not repeated, so reading on
	// would wait for a second one.
	err error
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next line without its line ending and whether it was
// longer than MaxLineSize, its ending not counted (the text is then
// empty). It returns io.EOF after the last line, an unterminated one
// included. The text is valid until the next call.
func (l *lineReader) next() (text []byte, tooLong bool, err error) {
	if l.err != nil {
		return nil, false, l.err
	}
	l.buf = l.buf[:0]
	if l.afterCR {
		l.afterCR = false
		if b, err := l.br.Peek(1); err != nil {
			l.err = err
			return nil, false, err
		} else if b[0] == '\n' {
			_, _ = l.br.Discard(1)
		}
	}
	started := false
	for {
		// Peek(1) fills an empty buffer; what is buffered is then looked
		// at in place and only the line's bytes are taken.
		if _, err := l.br.Peek(1); err != nil {
			l.err = err
			if !started {
				return nil, false, err
			}
			break
		}
		started = true
		window, _ := l.br.Peek(l.br.Buffered())
		end := bytes.IndexByte(window, '\n')
		if end < 0 {
			end = len(window)
		}
		if cr := bytes.IndexByte(window[:end], '\r'); cr >= 0 {
			end = cr
		}
		l.add(window[:end], &tooLong)
		if end == len(window) {
			_, _ = l.br.Discard(end)
			continue
		}
		_, _ = l.br.Discard(end + 1)
		l.afterCR = window[end] == '\r'
		break
	}
	l.n++
	if tooLong {
		return nil, true, nil
	}
	return l.buf, false, nil
}

// add appends a piece of the line while the line is within MaxLineSize;
// past it the line is dropped and only its end is looked for.
func (l *lineReader) add(piece []byte, tooLong *bool) {
	if *tooLong {
		return
	}
	if len(l.buf)+len(piece) > MaxLineSize {
		*tooLong, l.buf = true, l.buf[:0]
		return
	}
	l.grow(len(piece))
	l.buf = append(l.buf, piece...)
}

// lineCap is what a line's buffer grows to at most: a piece is added only
// while the line is within the limit.
const lineCap = MaxLineSize

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

// isBlank says a line holds nothing but spaces and tabs, in either
// format: the lines CountRecords skips, so a progress bar's total leaves
// out what is not sent. Other white space (U+3000, U+00A0) is not blank:
// it is the line's content, and its usage error if that is all it holds.
func isBlank(text []byte) bool {
	return len(bytes.Trim(text, " \t")) == 0
}
