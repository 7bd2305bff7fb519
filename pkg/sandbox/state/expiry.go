package state

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Expiry is the kind of an index of rows that end at a known time (tokens,
// sessions): its keys are the end time, fixed-width so that they sort as
// times, then the row's kind and key. Sweep reads the front of the index,
// what has ended, instead of looking at every row for it.
type Expiry string

// TimeKey is t as 20 decimal digits of Unix nanoseconds, a key prefix that
// sorts as the times do (times before 1970 count as 1970).
func TimeKey(t time.Time) string {
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	return fmt.Sprintf("%020d", n)
}

// Through is the bound to pass as Rows' to for keys that begin with
// TimeKey(t) or an earlier time.
func Through(t time.Time) string {
	n := t.UnixNano()
	if n < 0 {
		n = 0
	}
	return fmt.Sprintf("%020d", n+1)
}

func (e Expiry) key(at time.Time, kind, key string) string {
	return TimeKey(at) + "/" + kind + "/" + key
}

// Add records that the row (kind, key) ends at at.
func (e Expiry) Add(tx Tx, at time.Time, kind, key string) error {
	return tx.Put(string(e), e.key(at, kind, key), []byte{})
}

// Remove forgets what Add recorded, when the row's end moves or it ends
// early.
func (e Expiry) Remove(tx Tx, at time.Time, kind, key string) error {
	return tx.Delete(string(e), e.key(at, kind, key))
}

// Sweep deletes up to limit rows whose end is at or before now, with their
// index entries, and returns how many entries it removed. Called with a
// small limit on the requests that add rows, it keeps pace with them and
// costs the same whatever is stored.
func (e Expiry) Sweep(tx Tx, now time.Time, limit int) (int, error) {
	due, err := tx.Rows(string(e), "", Through(now), limit)
	if err != nil {
		return 0, err
	}
	for _, r := range due {
		// TimeKey is 20 digits; the kind has no slash, the key may.
		if len(r.Key) > 21 {
			if _, err := strconv.ParseUint(r.Key[:20], 10, 64); err == nil {
				if kind, key, ok := strings.Cut(r.Key[21:], "/"); ok {
					if err := tx.Delete(kind, key); err != nil {
						return 0, err
					}
				}
			}
		}
		if err := tx.Delete(string(e), r.Key); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}
