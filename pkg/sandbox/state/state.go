// Package state persists the sandboxes' state (issued tokens, orders,
// policies, quotas) so that separate insure processes, each running its own
// in-process sandbox, agree with each other.
//
// State is kept as rows indexed by (kind, key): a quotation, a policy, a
// token is one row, so a request costs the same with one or a million
// stored records. Tx runs a function over the rows in one write
// transaction (BEGIN IMMEDIATE in SQLite), which serialises concurrent
// processes without platform-specific file locks; a function that returns
// an error changes nothing.
package state

import (
	"context"
	"encoding/json"
	"sort"
	"sync"
)

// Store holds rows.
type Store interface {
	// Tx runs fn in one transaction, atomic with respect to other callers
	// in this and other processes. When fn returns an error nothing it
	// wrote is kept and Tx returns that error.
	Tx(ctx context.Context, fn func(Tx) error) error
	Close() error
}

// Tx reads and writes rows inside Store.Tx.
type Tx interface {
	// Get returns the row's value, or ok false when there is none.
	Get(kind, key string) (value []byte, ok bool, err error)
	// Put inserts or replaces the row.
	Put(kind, key string, value []byte) error
	// Delete removes the row if it exists.
	Delete(kind, key string) error
	// Count is the number of rows of a kind. It reads the kind's whole
	// range of the index: for tests and diagnostics, not for requests.
	Count(kind string) (int64, error)
	// Rows returns the rows of a kind whose keys are in [from, to), in key
	// order, at most limit of them (limit <= 0: no limit); an empty to
	// means no upper bound. It reads a range of the (kind, key) index, so
	// it costs what it returns, not what is stored.
	Rows(kind, from, to string, limit int) ([]Row, error)
}

// Row is one row of a kind, as Tx.Rows returns it.
type Row struct {
	Key   string
	Value []byte
}

// Put stores one row in its own transaction.
func Put(ctx context.Context, s Store, kind, key string, value []byte) error {
	return s.Tx(ctx, func(tx Tx) error { return tx.Put(kind, key, value) })
}

// Get reads one row.
func Get(ctx context.Context, s Store, kind, key string) (value []byte, ok bool, err error) {
	err = s.Tx(ctx, func(tx Tx) error {
		value, ok, err = tx.Get(kind, key)
		return err
	})
	return value, ok, err
}

// Count is the number of rows of a kind.
func Count(ctx context.Context, s Store, kind string) (n int64, err error) {
	err = s.Tx(ctx, func(tx Tx) error {
		n, err = tx.Count(kind)
		return err
	})
	return n, err
}

// UpdateRow loads the row (nil when absent), lets fn change it and saves
// what fn returns, in one transaction; fn returning nil deletes the row.
func UpdateRow(ctx context.Context, s Store, kind, key string, fn func(value []byte) ([]byte, error)) error {
	return s.Tx(ctx, func(tx Tx) error {
		v, _, err := tx.Get(kind, key)
		if err != nil {
			return err
		}
		out, err := fn(v)
		if err != nil {
			return err
		}
		if out == nil {
			return tx.Delete(kind, key)
		}
		return tx.Put(kind, key, out)
	})
}

// GetJSON decodes a row into v; ok is false (and v untouched) when there is
// no row.
func GetJSON(tx Tx, kind, key string, v any) (ok bool, err error) {
	b, ok, err := tx.Get(kind, key)
	if err != nil || !ok {
		return false, err
	}
	return true, json.Unmarshal(b, v)
}

// PutJSON encodes v into a row.
func PutJSON(tx Tx, kind, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return tx.Put(kind, key, b)
}

// Next increments the counter row (kind, key) and returns its new value,
// starting from 1.
func Next(tx Tx, kind, key string) (int64, error) {
	if c, ok := tx.(counter); ok {
		return c.next(kind, key)
	}
	var n int64
	if _, err := GetJSON(tx, kind, key, &n); err != nil {
		return 0, err
	}
	n++
	return n, PutJSON(tx, kind, key, n)
}

// counter is a Tx that increments a counter row itself (the SQLite file
// does it in one statement); the row holds what PutJSON(n) would.
type counter interface {
	next(kind, key string) (int64, error)
}

// Memory is a Store for one process, used by tests.
type Memory struct {
	mu   sync.Mutex
	rows map[string]map[string][]byte // kind -> key -> value
}

// NewMemory returns an empty in-memory Store.
func NewMemory() *Memory {
	return &Memory{rows: map[string]map[string][]byte{}}
}

// Tx implements Store: writes are buffered and applied only when fn
// succeeds.
func (m *Memory) Tx(ctx context.Context, fn func(Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	tx := &memTx{m: m, pending: map[[2]string]*[]byte{}}
	if err := fn(tx); err != nil {
		return err
	}
	// Apply in a fixed order so the result does not depend on map order.
	keys := make([][2]string, 0, len(tx.pending))
	for k := range tx.pending {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i][0] < keys[j][0] || keys[i][0] == keys[j][0] && keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		v := tx.pending[k]
		if v == nil {
			delete(m.rows[k[0]], k[1])
			continue
		}
		if m.rows[k[0]] == nil {
			m.rows[k[0]] = map[string][]byte{}
		}
		m.rows[k[0]][k[1]] = *v
	}
	return nil
}

type memTx struct {
	m       *Memory
	pending map[[2]string]*[]byte // nil: deleted
}

func (t *memTx) Get(kind, key string) ([]byte, bool, error) {
	if v, ok := t.pending[[2]string{kind, key}]; ok {
		if v == nil {
			return nil, false, nil
		}
		return append([]byte(nil), *v...), true, nil
	}
	v, ok := t.m.rows[kind][key]
	return append([]byte(nil), v...), ok, nil
}

func (t *memTx) Put(kind, key string, value []byte) error {
	v := append([]byte{}, value...)
	t.pending[[2]string{kind, key}] = &v
	return nil
}

func (t *memTx) Delete(kind, key string) error {
	t.pending[[2]string{kind, key}] = nil
	return nil
}

func (t *memTx) Rows(kind, from, to string, limit int) ([]Row, error) {
	in := func(k string) bool { return k >= from && (to == "" || k < to) }
	keys := map[string]bool{}
	for k := range t.m.rows[kind] {
		if in(k) {
			keys[k] = true
		}
	}
	for k, v := range t.pending {
		if k[0] == kind && in(k[1]) {
			keys[k[1]] = v != nil
		}
	}
	sorted := make([]string, 0, len(keys))
	for k, live := range keys {
		if live {
			sorted = append(sorted, k)
		}
	}
	sort.Strings(sorted)
	if limit > 0 && len(sorted) > limit {
		sorted = sorted[:limit]
	}
	out := make([]Row, len(sorted))
	for i, k := range sorted {
		v, _, _ := t.Get(kind, k)
		out[i] = Row{Key: k, Value: v}
	}
	return out, nil
}

func (t *memTx) Count(kind string) (int64, error) {
	n := int64(len(t.m.rows[kind]))
	for k, v := range t.pending {
		if k[0] != kind {
			continue
		}
		_, had := t.m.rows[kind][k[1]]
		switch {
		case v == nil && had:
			n--
		case v != nil && !had:
			n++
		}
	}
	return n, nil
}

// Close implements Store.
func (m *Memory) Close() error { return nil }
