package shared

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/insurekit/insure/pkg/store"
	"github.com/insurekit/insure/providers/sunshine/purchase"
)

// Sessions kept in the local store come back as saved, per profile, and
// an unknown id is the purchase package's ErrSessionNotFound.
func TestRecordSessionsKeepSessionsPerProfile(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "insure.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sessions := RecordSessions{Store: st}
	ctx := context.Background()
	s := &purchase.Session{ID: "20260302100000123456", Profile: "test", Step: "105", Plate: "冀A00021",
		Premiums: map[string]int64{"totalPremium": 542975}}
	s.Remember(nil)
	if err := sessions.Save(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := sessions.Load(ctx, "test", s.ID)
	if err != nil || got.Step != "105" || got.Plate != "冀A00021" || got.Premiums["totalPremium"] != 542975 || got.UpdatedAt.IsZero() {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := sessions.Load(ctx, "other", s.ID); !errors.Is(err, purchase.ErrSessionNotFound) {
		t.Fatalf("another profile: %v", err)
	}
	list, err := sessions.List(ctx, "test", 0)
	if err != nil || len(list) != 1 || list[0].ID != s.ID {
		t.Fatalf("%+v %v", list, err)
	}
}
