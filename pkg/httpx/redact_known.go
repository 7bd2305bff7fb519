package httpx

import (
	"sync"
	"sync/atomic"
)

// The secrets Redactors of this process have met are the last line of
// defence for text built outside a request's Redactor: an error message a
// provider client made from an answer that echoed a secret (MaskKnown),
// an answer's data on its way to stdout (MaskKnownBytes).
//
// A batch meets a new derived secret at every request (Bihu's SecCode),
// which only its own request's Redactor needs; remembering them all grew
// the set, and rebuilt the masker over all of it, at every line. A cap
// that kept the first 64 secrets met instead left every later one
// unmasked wherever only MaskKnown stood guard: a token renewed in the
// middle of a long batch, the next profile's password. So secrets are
// kept in two parts:
//
//   - fresh: the last maxFresh secrets met for the first time, each with a
//     masker of its own, so that one more costs one small masker, not a
//     rebuild over all; the oldest goes when a new one comes.
//   - settled: secrets met again after promoteAfter newer ones had come
//     (the profile's key, its token, met at every request), at most
//     maxKnown, masked by one masker rebuilt only when the part changes
//     (rarely); the one met longest ago goes when it is full.
//
// A value marked per-request (Request.PerRequest, Redactor.AddPerRequest:
// Bihu's SecCode) never comes here: only its own request can hold it, and
// that request's Redactor masks it. One not marked is met by its request
// alone, in the next few secrets' time, so it never settles and churns
// only the fresh part.
var known = knownSecrets{settled: map[string]*knownSecret{}, fresh: map[string]*knownSecret{}}

const (
	maxKnown     = 64
	maxFresh     = 16
	promoteAfter = maxFresh / 2
)

type knownSecrets struct {
	mu      sync.Mutex
	settled map[string]*knownSecret
	fresh   map[string]*knownSecret
	order   []string // fresh, oldest first
	clock   uint64   // counts the meetings
	arrived uint64   // counts the secrets met for the first time
	// settledVersion counts the changes to settled.
	settledVersion int64
}

type knownSecret struct {
	value   string
	forms   []string // foldedForms, taken when first needed
	used    uint64   // the clock when a Redactor last met it
	arrival uint64   // arrived when it was met first (fresh)
	m       *masker  // fresh: its own masker, built when first needed
}

// remember records that a Redactor met v.
func remember(v string) {
	k := &known
	k.mu.Lock()
	defer k.mu.Unlock()
	k.clock++
	if s, ok := k.settled[v]; ok {
		s.used = k.clock
		return
	}
	if s, ok := k.fresh[v]; ok {
		s.used = k.clock
		if k.arrived-s.arrival >= promoteAfter {
			k.dropFresh(v)
			k.settle(s)
		}
		return
	}
	k.arrived++
	k.fresh[v] = &knownSecret{value: v, used: k.clock, arrival: k.arrived}
	k.order = append(k.order, v)
	if len(k.order) > maxFresh {
		k.dropFresh(k.order[0])
	}
	knownVersion.Add(1)
}

func (k *knownSecrets) dropFresh(v string) {
	delete(k.fresh, v)
	for i, o := range k.order {
		if o == v {
			k.order = append(k.order[:i], k.order[i+1:]...)
			break
		}
	}
	knownVersion.Add(1)
}

func (k *knownSecrets) settle(s *knownSecret) {
	s.m = nil
	k.settled[s.value] = s
	if len(k.settled) > maxKnown {
		var oldest *knownSecret
		for _, o := range k.settled {
			if oldest == nil || o.used < oldest.used {
				oldest = o
			}
		}
		delete(k.settled, oldest.value)
	}
	k.settledVersion++
	knownVersion.Add(1)
}

// MaskKnown masks, in s, every secret a Redactor of this process has met,
// in every form Apply masks. The error printer applies it to what it
// prints.
func MaskKnown(s string) string {
	for _, m := range knownMaskers().all {
		s = m.apply(s)
	}
	return s
}

// MaskKnownBytes is MaskKnown for output on its way to stdout: p itself,
// and false, when it holds no known secret (nearly always; nothing is
// copied), else a masked copy and true. Only secrets of at least
// MinStdoutSecret characters are looked for: stdout is data, and a short
// secret (a 4-character "true" or "2016") would turn JSON keywords,
// premiums and names into ****, where the -v log and the journal, insure's
// own text, can afford it.
func MaskKnownBytes(p []byte) ([]byte, bool) {
	changed := false
	for _, m := range knownMaskers().stdout {
		if q, ok := m.applyBytes(p); ok {
			p, changed = q, true
		}
	}
	return p, changed
}

// MinStdoutSecret is the shortest secret MaskKnownBytes masks.
const MinStdoutSecret = 8

// knownVersion counts the changes to known, so that the maskers over them
// are gathered again only when one changed (a batch's output passes
// through them a line at a time).
var (
	knownVersion atomic.Int64
	knownCached  atomic.Pointer[versionedMasker]
)

// versionedMasker holds the maskers over known at one version: the
// settled part's first (built again only when that part changed), then
// the fresh secrets', newest first.
type versionedMasker struct {
	version        int64
	settledVersion int64
	settled        [2]*masker // all, stdout; nil where no secret
	all, stdout    []*masker
}

func knownMaskers() *versionedMasker {
	v := knownVersion.Load()
	prev := knownCached.Load()
	if prev != nil && prev.version == v {
		return prev
	}
	k := &known
	k.mu.Lock()
	defer k.mu.Unlock()
	c := &versionedMasker{version: knownVersion.Load(), settledVersion: k.settledVersion}
	if prev != nil && prev.settledVersion == k.settledVersion {
		c.settled = prev.settled
	} else {
		var all, long [][]string
		for _, s := range k.settled {
			if s.forms == nil {
				s.forms = foldedForms(s.value)
			}
			all = append(all, s.forms)
			if isStdoutSecret(s.value) {
				long = append(long, s.forms)
			}
		}
		if len(all) > 0 {
			c.settled[0] = buildMaskerForms(all)
		}
		if len(long) > 0 {
			c.settled[1] = buildMaskerForms(long)
		}
	}
	if c.settled[0] != nil {
		c.all = append(c.all, c.settled[0])
	}
	if c.settled[1] != nil {
		c.stdout = append(c.stdout, c.settled[1])
	}
	for i := len(k.order) - 1; i >= 0; i-- {
		s := k.fresh[k.order[i]]
		if s.m == nil {
			s.m = buildMaskerForms([][]string{foldedForms(s.value)})
		}
		c.all = append(c.all, s.m)
		if isStdoutSecret(s.value) {
			c.stdout = append(c.stdout, s.m)
		}
	}
	knownCached.Store(c)
	return c
}

func isStdoutSecret(v string) bool {
	n := 0
	for range v {
		if n++; n >= MinStdoutSecret {
			return true
		}
	}
	return false
}
