package store

import (
	"context"
	"encoding/json"
)

// keptInDoubt returns, as a JSON array for json_each, the ids up to
// through that pruning must keep whatever their age and the size cap:
// every row of an act whose outcome is unknown and not settled (the only
// record that the act may have happened: Settle, insure find and the
// settle command they print start from it), and the rows Settle reads to
// settle it, the first attempt of the same act and identifier that went
// through before it (an unknown repeat of an act already done is settled
// as failed, not as done; without that row it would be credited with the
// earlier act). inDoubt says which operations are acts (nil: all);
// settleKey names the key an act's attempts share (nil or "": any key
// the act carries, which keeps more than Settle reads: another purchase
// of the same brand factory).
func (s *Store) keptInDoubt(ctx context.Context, through int64, inDoubt func(provider, operation string) bool, settleKey func(provider, operation string) string) (string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, provider, operation FROM journal WHERE id <= ? AND `+outcomeSQL+` = 'unknown'`, through)
	if err != nil {
		return "", err
	}
	type act struct{ provider, operation string }
	acts := map[act]bool{}
	var unknown []int64
	// named pairs each unknown row with the key its attempts share.
	type namedAct struct {
		ID  int64  `json:"id"`
		Key string `json:"key"`
	}
	var named []namedAct
	keyOf := map[act]string{}
	for rows.Next() {
		var id int64
		var a act
		if err := rows.Scan(&id, &a.provider, &a.operation); err != nil {
			rows.Close()
			return "", err
		}
		is, asked := acts[a]
		if !asked {
			is = inDoubt == nil || inDoubt(a.provider, a.operation)
			acts[a] = is
		}
		if is {
			unknown = append(unknown, id)
			key, ok := keyOf[a]
			if !ok && settleKey != nil {
				key = settleKey(a.provider, a.operation)
				keyOf[a] = key
			}
			named = append(named, namedAct{id, key})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(unknown) == 0 {
		return "[]", nil
	}
	list, _ := json.Marshal(named)
	// Per unknown row and its identifier (the act's settle key, else
	// every key it carries), the first row of the same profile's act
	// keyed so that went through before it: what Settle's repeat check
	// reads. Unqualified columns in the inner query are the inner
	// journal's.
	priors, err := s.db.QueryContext(ctx, `SELECT DISTINCT (SELECT min(id) FROM journal
			WHERE id IN (SELECT entry_id FROM journal_keys WHERE value = k.value) AND id < u.id
			AND profile = u.profile AND provider = u.provider AND operation = u.operation AND `+keyedOutcomeSQL+` = 'ok')
		FROM json_each(?) n JOIN journal u ON u.id = json_extract(n.value, '$.id')
		JOIN journal_keys k ON k.entry_id = u.id AND (json_extract(n.value, '$.key') = '' OR k.name = json_extract(n.value, '$.key'))`, string(list))
	if err != nil {
		return "", err
	}
	defer priors.Close()
	for priors.Next() {
		var id *int64
		if err := priors.Scan(&id); err != nil {
			return "", err
		}
		if id != nil {
			unknown = append(unknown, *id)
		}
	}
	if err := priors.Err(); err != nil {
		return "", err
	}
	list, _ = json.Marshal(unknown)
	return string(list), nil
}
