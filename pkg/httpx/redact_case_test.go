package httpx

import (
	"strings"
	"testing"
)

// A gateway that normalises what it echoes (an error page in capitals, a
// log in lower case) repeats a secret in another letter case: the -v log,
// the journal, error messages and stdout must mask it all the same.
func TestApplyMasksSecretInOtherLetterCase(t *testing.T) {
	const secret = "sandbox-4s-Pass"
	r := NewRedactor(secret)
	for _, echoed := range []string{strings.ToUpper(secret), strings.ToLower(secret)} {
		got := r.Apply(`{"remark":"bad password ` + echoed + `"}`)
		if strings.Contains(strings.ToLower(got), strings.ToLower(secret)) {
			t.Errorf("%q not masked: %q", echoed, got)
		}
		if want := `{"remark":"bad password ` + Mask + `"}`; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
	// Stdout (MaskKnownBytes) and error text (MaskKnown) use the same forms.
	if got := MaskKnown("echo " + strings.ToUpper(secret)); got != "echo "+Mask {
		t.Errorf("MaskKnown: got %q", got)
	}
	if got, changed := MaskKnownBytes([]byte("echo " + strings.ToLower(secret))); !changed || string(got) != "echo "+Mask {
		t.Errorf("MaskKnownBytes: got %q, %v", got, changed)
	}
}
