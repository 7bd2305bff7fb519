package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/insurekit/insure/pkg/httpx"
)

// quotationEntry is a journal row the size of an eBao quotation's:
// a 1.1 KB request, a 250-byte answer, six keys (four of them hashed).
func quotationEntry(i int64) httpx.Entry {
	return httpx.Entry{
		Time: time.Now(), Profile: "sandbox", Provider: "ebao", Operation: "quotation",
		Keys: map[string]string{
			"quotationNumber": fmt.Sprintf("Q26120100%08d", i), "plate": "粤B12345",
			"holderName": "张三", "holderIdNumber": "110101199003070011",
			"insuredName": "张三", "insuredIdNumber": "110101199003070011",
		},
		Method: "POST", URL: "https://sandbox.example/api/quotation?sign=x", Status: 200,
		Duration: 3 * time.Millisecond,
		Request:  `{"productId":"UbwoOpjMjt:1",` + strings.Repeat(`"field":"value",`, 70) + `}`,
		Response: `{"success":true,"data":{"quotationNumber":"Q2612010000000001",` + strings.Repeat(`"fee":30,`, 18) + `}}`,
	}
}

// BenchmarkRecordEntry writes journal rows one at a time (a single
// command) and from 32 goroutines at once (a --batch at --concurrency
// 32, whose rows share transactions).
func BenchmarkRecordEntry(b *testing.B) {
	for _, par := range []int{1, 32} {
		b.Run(fmt.Sprintf("writers=%d", par), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "insure.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var n atomic.Int64
			b.SetParallelism(par)
			if par == 1 {
				for range b.N {
					if _, err := s.RecordEntry(context.Background(), quotationEntry(n.Add(1))); err != nil {
						b.Fatal(err)
					}
				}
				return
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := s.RecordEntry(context.Background(), quotationEntry(n.Add(1))); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkRecordEntryBehind writes journal rows in write-behind mode, as
// a --batch does, and waits for them all at the end.
func BenchmarkRecordEntryBehind(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "insure.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.WriteBehind()
	j := s.Journal()
	for i := range b.N {
		j.Record(context.Background(), quotationEntry(int64(i)))
	}
	if err := s.Flush(context.Background()); err != nil {
		b.Fatal(err)
	}
}
