package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"
)

// Settled is how a row's outcome came to be known after it was recorded,
// and what was recorded: an act whose answer was lost stays "unknown"
// until a look-up or a re-run tells whether it took effect.
type Settled struct {
	// By says how: "look-up", "re-run", "duplicate check", "not sent".
	By string `json:"by"`
	// Outcome and ExitClass are the row's as recorded.
	Outcome   string `json:"recorded_outcome"`
	ExitClass int    `json:"recorded_exit_class"`
}

// Settlement is what a later exchange learnt about an act (Store.Settle).
type Settlement struct {
	Profile, Provider, Operation string
	// Key is an identifier the act's rows carry: the quotation number of
	// an issuance, the policy number of a cancellation, an order id.
	Key string
	// Outcome is what the act turned out to be: OutcomeOK (it took
	// effect) or OutcomeFailed (it did not).
	Outcome string
	// By says how it was learnt (Settled.By).
	By string
	// Since, when set, marks the exchange that settled it: the newest row
	// of the operation keyed Key recorded at or after Since (a re-run's
	// refusal naming the earlier result, the duplicate check's 30020).
	// It is settled with the unknown rows when there are any, or always
	// when Always is set, and gets Keys in any case.
	Since  time.Time
	Always bool
	// Only settles the row Since marks and no other: a request that
	// never left (Outcome failed) says nothing of earlier attempts.
	Only bool
	// Keys are identifiers learnt on the way (the policy a refusal
	// named), added to every row settled and to the settling one.
	Keys map[string]string
}

// Settle marks the rows of an act whose outcome is unknown (those of the
// profile, provider and operation keyed s.Key), and the settling row (see
// Settlement.Since), as settled to s.Outcome, and adds s.Keys to them. It
// returns how many unknown rows it settled. History's --status and find
// then read the settled outcome; the recorded one stays in Settled.
func (s *Store) Settle(ctx context.Context, st Settlement) (int, error) {
	ctx = context.WithoutCancel(ctx)
	s.settled(ctx)
	keys := s.hashKeys(st.Keys)
	n := 0
	err := s.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		n = 0
		match := ` FROM journal WHERE profile = ? AND provider = ? AND operation = ?
			AND id IN (SELECT entry_id FROM journal_keys WHERE value = ?)`
		args := []any{st.Profile, st.Provider, st.Operation, st.Key}
		unknown, err := ids(ctx, tx, `SELECT id`+match+` AND `+keyedOutcomeSQL+` = 'unknown'`, args...)
		if err != nil {
			return err
		}
		var self []int64
		if !st.Since.IsZero() {
			self, err = ids(ctx, tx, `SELECT id`+match+` AND julianday(time) >= julianday(?) ORDER BY id DESC LIMIT 1`,
				append(args, st.Since.UTC().Format(time.RFC3339Nano))...)
			if err != nil {
				return err
			}
		}
		// An act already done cannot be done again: an unknown attempt
		// recorded after one that went through did nothing (the refusal
		// that settles it names the earlier result), so it is settled
		// failed, not credited with the earlier act.
		var repeats []int64
		if st.Outcome == OutcomeOK && len(unknown) > 0 {
			first, err := ids(ctx, tx, `SELECT id`+match+` AND `+keyedOutcomeSQL+` = 'ok' ORDER BY id LIMIT 1`, args...)
			if err != nil {
				return err
			}
			if len(first) == 1 {
				var before []int64
				for _, id := range unknown {
					if id > first[0] {
						repeats = append(repeats, id)
					} else {
						before = append(before, id)
					}
				}
				unknown = before
			}
		}
		for _, id := range repeats {
			if _, err := tx.ExecContext(ctx, `UPDATE journal SET settled = ?, settled_by = ? WHERE id = ?`, OutcomeFailed, st.By+" (done before it)", id); err != nil {
				return err
			}
		}
		settle := unknown
		if st.Only {
			unknown, settle = nil, nil
		}
		if len(self) == 1 && (len(unknown) > 0 || st.Always || st.Only) {
			settle = append(settle, self[0])
		}
		for _, id := range settle {
			if _, err := tx.ExecContext(ctx, `UPDATE journal SET settled = ?, settled_by = ? WHERE id = ?`, st.Outcome, st.By, id); err != nil {
				return err
			}
		}
		for _, id := range append(settle, self...) {
			if err := addKeys(ctx, tx, id, keys); err != nil {
				return err
			}
		}
		n = len(unknown)
		return nil
	})
	return n, err
}

func ids(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// addKeys adds to row id the keys it does not carry yet, in its keys
// column and in journal_keys.
func addKeys(ctx context.Context, tx *sql.Tx, id int64, add map[string]string) error {
	if len(add) == 0 {
		return nil
	}
	var raw string
	if err := tx.QueryRowContext(ctx, `SELECT keys FROM journal WHERE id = ?`, id).Scan(&raw); err != nil {
		return err
	}
	have := map[string]string{}
	_ = json.Unmarshal([]byte(raw), &have)
	fresh := map[string]string{}
	for name, v := range add {
		if _, ok := have[name]; !ok && v != "" {
			have[name], fresh[name] = v, v
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	b, _ := json.Marshal(have)
	if _, err := tx.ExecContext(ctx, `UPDATE journal SET keys = ? WHERE id = ?`, string(b), id); err != nil {
		return err
	}
	insert, err := tx.PrepareContext(ctx, insertKeySQL)
	if err != nil {
		return err
	}
	defer insert.Close()
	return insertKeys(ctx, insert, id, fresh)
}
