package output

import (
	"strings"
	"testing"
)

// writes counts the Write calls it gets.
type writes struct {
	n   int
	out strings.Builder
}

func (w *writes) Write(p []byte) (int, error) {
	w.n++
	return w.out.Write(p)
}

// A YAML or XML document reaches stdout in one write: stdout masks a
// secret a provider echoed write by write, and the YAML encoder wrote in
// pieces of about 120 bytes, so a secret that fell across two of them
// was printed whole.
func TestYAMLAndXMLAreWrittenInOneWrite(t *testing.T) {
	long := map[string]any{}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		long[k] = strings.Repeat(k, 90) + " secret-in-the-middle " + strings.Repeat(k, 90)
	}
	for _, format := range []string{"yaml", "xml"} {
		w := &writes{}
		if err := Print(w, Options{Format: format}, Result{Data: long}); err != nil {
			t.Fatal(err)
		}
		if w.n != 1 || !strings.Contains(w.out.String(), "secret-in-the-middle") {
			t.Errorf("%s: %d writes", format, w.n)
		}
	}
}
