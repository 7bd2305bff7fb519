package httpx_test

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/failure"
	"github.com/insurekit/insure/pkg/httpx"
)

// h2ResetServer is an HTTP/2 server (TLS, ALPN h2) that reads each
// request whole, counts it as served (the act is done) and then resets
// its stream with PROTOCOL_ERROR instead of answering, as a broken
// gateway or middlebox may. It speaks just enough HTTP/2 for Go's
// client: the preface, SETTINGS and their ACK, RST_STREAM.
func h2ResetServer(t *testing.T) (url, caFile string, served *atomic.Int32) {
	t.Helper()
	donor := httptest.NewUnstartedServer(http.NotFoundHandler())
	donor.StartTLS()
	caFile = writeCA(t, donor)
	cert := donor.TLS.Certificates[0]
	donor.Close()

	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	served = new(atomic.Int32)
	frame := func(typ, flags byte, stream uint32, payload []byte) []byte {
		b := make([]byte, 9+len(payload))
		b[0], b[1], b[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
		b[3], b[4] = typ, flags
		binary.BigEndian.PutUint32(b[5:], stream)
		copy(b[9:], payload)
		return b
	}
	const (
		typeData, typeHeaders, typeRST, typeSettings = 0x0, 0x1, 0x3, 0x4
		flagEndStream, flagAck                       = 0x1, 0x1
	)
	protocolError := []byte{0, 0, 0, 1}
	serve := func(c net.Conn) {
		defer c.Close()
		if _, err := io.ReadFull(c, make([]byte, 24)); err != nil { // the client preface
			return
		}
		if _, err := c.Write(frame(typeSettings, 0, 0, nil)); err != nil {
			return
		}
		h := make([]byte, 9)
		for {
			if _, err := io.ReadFull(c, h); err != nil {
				return
			}
			payload := make([]byte, int(h[0])<<16|int(h[1])<<8|int(h[2]))
			if _, err := io.ReadFull(c, payload); err != nil {
				return
			}
			typ, flags, stream := h[3], h[4], binary.BigEndian.Uint32(h[5:])&0x7fffffff
			switch {
			case typ == typeSettings && flags&flagAck == 0:
				_, _ = c.Write(frame(typeSettings, flagAck, 0, nil))
			case (typ == typeHeaders || typ == typeData) && flags&flagEndStream != 0:
				// The whole request arrived: it is acted on, then the
				// stream is reset.
				served.Add(1)
				_, _ = c.Write(frame(typeRST, 0, stream, protocolError))
			}
		}
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	return "https://" + l.Addr().String(), caFile, served
}

// An HTTP/2 server that takes a request and then resets its stream with
// PROTOCOL_ERROR must not be sent the request again by net/http's HTTP/2
// client, which resends such a request on its own whenever it can rewind
// the body: an issuance or purchase was sent thousands of times within
// one --timeout. An act is sent once and its outcome is unknown; a
// look-up is repeated only as its own policy says.
func TestHTTP2StreamResetIsNotResent(t *testing.T) {
	u, ca, served := h2ResetServer(t)
	pool, err := httpx.LoadCAs(ca)
	if err != nil {
		t.Fatal(err)
	}
	client := httpx.NewClient(httpx.Options{Timeout: 3 * time.Second, RootCAs: pool})

	_, err = httpx.Send(context.Background(), client, actOn(u))
	fe := failureOf(t, err, failure.Network)
	if n := served.Load(); n != 1 {
		t.Errorf("the act was served %d times, want once", n)
	}
	if !fe.Unknown || fe.Hint != "look the order up before buying again" || strings.Contains(fe.Message, "nothing was sent") {
		t.Errorf("%v (unknown %v, hint %q)", fe, fe.Unknown, fe.Hint)
	}
	if !strings.Contains(fe.Error(), "it was not sent again") {
		t.Errorf("the act should end at the reset, saying it was not sent again, not at the deadline: %v", fe)
	}

	// A look-up with a body (Idempotent: 3 attempts) is sent at most as
	// often as its policy allows.
	served.Store(0)
	r := req(u + "/quotations")
	r.Method, r.Body, r.Retry = http.MethodPost, []byte(`{"q":1}`), httpx.RetryPolicy{Attempts: 3}
	_, err = httpx.Send(context.Background(), client, r)
	failureOf(t, err, failure.Network)
	if n := served.Load(); n != 3 {
		t.Errorf("an idempotent request was served %d times, want 3 (its policy's attempts)", n)
	}

	// A look-up without a body: net/http's HTTP/2 client resends those
	// without asking for the body; at most one more send slips through
	// per attempt before insure stops it.
	served.Store(0)
	_, err = httpx.Send(context.Background(), client, req(u+"/4s/report/get?orderId=O-1"))
	failureOf(t, err, failure.Network)
	if n := served.Load(); n > 2 {
		t.Errorf("a GET sent once by its policy was served %d times", n)
	}
}
