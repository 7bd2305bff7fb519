package e2e

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A server that sends more than its Content-Length leaves bytes on an idle
// connection, and net/http reports them through the standard logger,
// quoting up to 4 KiB of them: bytes of an answer, which can hold a
// secret. insure sends that logger through its masking, so the password
// the request carried does not reach stderr in clear.
func TestNetHTTPLogMasksSecrets(t *testing.T) {
	const password = "stdlog-test-password-7319"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					// Read the request's head; the body is small and ignored.
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					if line != "\r\n" {
						continue
					}
					fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}echoed: password=%s", password)
				}
			}(c)
		}
	}()

	u := newUser(t)
	home := strings.TrimPrefix(u.env[0], "HOME=")
	path := filepath.Join(home, "config", "insure", "config.yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("current-profile: t\nprofiles:\n  t:\n    paoding: {endpoint: \"http://%s\", username: acme, password: %s, api-version: \"1.0\"}\n", ln.Addr(), password)
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	logged := false
	for range 20 {
		r := u.run("", nil, "token", "get", "--provider", "paoding", "--timeout", "5s")
		if strings.Contains(r.stdout+r.stderr, password) {
			t.Fatalf("the password reached the output:\n%s\n%s", r.stdout, r.stderr)
		}
		if strings.Contains(r.stderr, "Unsolicited response") {
			logged = true
			break
		}
	}
	if !logged {
		t.Skip("net/http never reported the extra bytes before insure exited")
	}
}
