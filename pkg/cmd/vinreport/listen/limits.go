package listen

import (
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/insurekit/insure/pkg/iostreams"
	"github.com/insurekit/insure/pkg/output"
)

// Limits of the listener. Paoding sends three short form fields; nothing
// a real notification needs comes near these.
const (
	DefaultMaxConns          = 32
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 10 * time.Second
	DefaultWriteTimeout      = 10 * time.Second
	DefaultIdleTimeout       = 30 * time.Second
	maxHeaderBytes           = 8 << 10
	forwardTimeout           = 10 * time.Second
	// DefaultShutdownGrace is how long a stopping listener waits for
	// the requests being received.
	DefaultShutdownGrace = 5 * time.Second
)

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// limitListener serves at most n connections at once. A connection
// still sending its request headers holds its slot only until another
// sender needs it: when every slot is taken, the oldest such connection
// is closed to admit the new one. Otherwise 32 senders trickling their
// headers held every slot for the whole header timeout, again and again,
// and a real notification waited in the kernel's backlog behind them; a
// real sender's headers come in its first packet, so it is past that
// stage long before it is the oldest there. Connections whose headers
// are read (their body and answer are bounded by the read and write
// timeouts) keep their slot: when all n are such, further connections
// wait in the backlog until one closes.
type limitListener struct {
	net.Listener
	max       int
	done      chan struct{}
	closeOnce sync.Once

	mu   sync.Mutex
	open int
	// reading holds the open connections whose headers are not read
	// yet, oldest first.
	reading []*limitConn
	// changed is closed (and replaced) whenever a slot frees, to wake
	// an Accept waiting for one.
	changed chan struct{}
}

func newLimitListener(l net.Listener, n int) *limitListener {
	return &limitListener{Listener: l, max: n, done: make(chan struct{}), changed: make(chan struct{})}
}

// wake tells a waiting Accept that something changed; l.mu is held.
func (l *limitListener) wake() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// waitUntil blocks until ok (checked with l.mu held) or the listener
// closes; it returns with l.mu held, or net.ErrClosed without it.
func (l *limitListener) waitUntil(ok func() bool) error {
	l.mu.Lock()
	for !ok() {
		ch := l.changed
		l.mu.Unlock()
		select {
		case <-ch:
		case <-l.done:
			return net.ErrClosed
		}
		l.mu.Lock()
	}
	return nil
}

func (l *limitListener) Accept() (net.Conn, error) {
	// Take a connection off the backlog only when it can be served: a
	// slot is free, or one is held by a connection still reading headers.
	if err := l.waitUntil(func() bool { return l.open < l.max || len(l.reading) > 0 }); err != nil {
		return nil, err
	}
	l.mu.Unlock()
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	// The one reading headers may have finished them meanwhile; then
	// this connection waits for a slot, as it would in the backlog.
	for {
		if err := l.waitUntil(func() bool { return l.open < l.max || len(l.reading) > 0 }); err != nil {
			c.Close()
			return nil, err
		}
		if l.open < l.max {
			break
		}
		oldest := l.reading[0]
		l.reading = l.reading[1:]
		l.mu.Unlock()
		// Its server goroutine's read fails and closes it, which frees
		// the slot (release).
		_ = oldest.Conn.Close()
		oldest.once.Do(oldest.release)
	}
	lc := &limitConn{Conn: c, l: l}
	lc.release = func() { l.done1(lc) }
	l.open++
	l.reading = append(l.reading, lc)
	l.mu.Unlock()
	return lc, nil
}

// connState is the server's ConnState hook: a connection turns active
// once its request headers are read (or reading them failed), and from
// then on it is no longer closed to admit another.
func (l *limitListener) connState(c net.Conn, state http.ConnState) {
	lc, ok := c.(*limitConn)
	if !ok || state == http.StateNew {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropReading(lc)
}

// done1 frees c's slot.
func (l *limitListener) done1(c *limitConn) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dropReading(c)
	l.open--
	l.wake()
}

func (l *limitListener) dropReading(c *limitConn) {
	for i, r := range l.reading {
		if r == c {
			l.reading = append(l.reading[:i:i], l.reading[i+1:]...)
			return
		}
	}
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitConn struct {
	net.Conn
	l       *limitListener
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// lockedWriter serialises the handlers' and the worker's stderr lines,
// each written whole, and strips terminal controls from them: they quote
// what the sender chose (an orderId, a status), and whoever can reach the
// listener is the sender.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := io.WriteString(l.w, iostreams.Sanitize(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// escapedJSON writes each JSON document with the C1 controls escaped.
type escapedJSON struct{ w io.Writer }

func (e escapedJSON) Write(p []byte) (int, error) {
	if _, err := e.w.Write(output.EscapeJSONControls(p)); err != nil {
		return 0, err
	}
	return len(p), nil
}
