// Package state persists the sandboxes' state (issued tokens, orders,
// policies, quotas) so that separate insure processes, each running its own
// in-process sandbox, agree with each other.
//
// Each provider keeps one JSON document under its own name. Update runs
// load-change-save in one SQLite write transaction, which serialises
// concurrent processes without platform-specific file locks.
package state

import (
	"encoding/json"
	"sync"
)

// Store holds named documents.
type Store interface {
	// Update loads the named document (nil when absent), lets fn change it
	// and saves what fn returns, atomically with respect to other callers in
	// this and other processes.
	Update(name string, fn func(doc []byte) ([]byte, error)) error
	Close() error
}

// UpdateJSON decodes the named document into a T, lets fn change it and
// saves it back.
func UpdateJSON[T any](s Store, name string, fn func(*T) error) error {
	return s.Update(name, func(doc []byte) ([]byte, error) {
		var v T
		if len(doc) > 0 {
			if err := json.Unmarshal(doc, &v); err != nil {
				return nil, err
			}
		}
		if err := fn(&v); err != nil {
			return nil, err
		}
		return json.Marshal(&v)
	})
}

// Memory is a Store for one process, used by tests.
type Memory struct {
	mu   sync.Mutex
	docs map[string][]byte
}

// NewMemory returns an empty in-memory Store.
func NewMemory() *Memory { return &Memory{docs: map[string][]byte{}} }

// Update implements Store.
func (m *Memory) Update(name string, fn func([]byte) ([]byte, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	out, err := fn(m.docs[name])
	if err != nil {
		return err
	}
	m.docs[name] = out
	return nil
}

// Close implements Store.
func (m *Memory) Close() error { return nil }
