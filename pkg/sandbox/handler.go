package sandbox

import "net/http"

// Handler is the sandbox's handler, for a test that serves it itself (for
// example over TLS with httptest.NewTLSServer).
func (s *Server) Handler() http.Handler { return s.srv.Handler }
