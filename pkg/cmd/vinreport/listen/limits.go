package listen

import (
	"io"
	"net"
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

// limitListener serves at most n connections at once; further ones wait
// in the kernel's backlog until a served one closes.
type limitListener struct {
	net.Listener
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func newLimitListener(l net.Listener, n int) *limitListener {
	return &limitListener{Listener: l, sem: make(chan struct{}, n), done: make(chan struct{})}
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitConn struct {
	net.Conn
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
