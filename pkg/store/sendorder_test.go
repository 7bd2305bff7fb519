package store

import (
	"path/filepath"
	"strings"
	"testing"
)

// history list orders by send time (JournalFilter.BySendTime): the
// journal_send_order index reads the rows in that order, so a list of any
// length streams without sorting the journal first.
func TestSendOrderReadsTheIndex(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, args := s.where(JournalFilter{Profile: "sandbox"})
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN SELECT id FROM journal`+w+` ORDER BY `+sendInstant+` DESC, id DESC LIMIT 30`, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	got := strings.Join(plan, "; ")
	if !strings.Contains(got, "journal_send_order") || strings.Contains(got, "TEMP B-TREE") {
		t.Errorf("plan %q: want the journal_send_order index and no sort", got)
	}
}
