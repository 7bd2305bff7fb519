package httpx

// Excerpt is s cut to at most n runes, "..." added when cut, with the
// secrets the process knows masked first. Masking runs over the whole
// text before it is cut: the maskers that see the excerpt later (errors,
// the journal, stdout) look for whole secrets, and a cut that fell inside
// an echoed key or token left its first part for anyone to read.
func Excerpt(s string, n int) string {
	return cut(MaskKnown(s), n)
}

// Excerpt is the package's Excerpt with r's own secrets masked too,
// those it holds for itself alone (Bihu's SecCode) among them.
func (r Request) Excerpt(s string, n int) string {
	return cut(MaskKnown(r.redactor().Apply(s)), n)
}

func cut(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j] + "..."
		}
		i++
	}
	return s
}
