package batch

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/insurekit/insure/pkg/failure"
)

// ColumnsOf names a body's text and number members as CSV columns, a
// struct's own dotted under its name; arrays, maps and "-" have none.
func TestColumnsOf(t *testing.T) {
	type person struct {
		Name  string `json:"PH001"`
		Phone string `json:"PH013,omitempty"`
	}
	type body struct {
		Product string            `json:"productId"`
		Holder  person            `json:"policyHolder"`
		Count   int               `json:"count"`
		List    []person          `json:"people"`
		Extra   map[string]string `json:"-"`
		//lint:ignore U1000 present to show that ColumnsOf skips an unexported field
		untaken string
	}
	got := ColumnsOf(body{})
	want := []string{"productId", "policyHolder.PH001", "policyHolder.PH013", "count"}
	if !slices.Equal(got, want) {
		t.Errorf("ColumnsOf = %q, want %q", got, want)
	}
	if h := headerExample(strings.Split("a,b,c,d,e,f,g", ",")); h != "a,b,c,d,e,f,…" {
		t.Errorf("headerExample = %q", h)
	}
}

// Each hint of a refused header gives the running command's columns, or
// none: never another command's (vin,order_id to a renewal).
func TestHeaderHintsGiveTheCommandsColumns(t *testing.T) {
	for _, row := range []string{"plate,plate", "plate,ci\x01ty", "plate,,city", `{"plate":"x"}`} {
		for _, c := range []struct {
			columns []string
			want    string
		}{
			{[]string{"plate", "city"}, "e.g. plate,city"},
			{nil, "as the request body names its members"},
		} {
			err := read(strings.NewReader(row+"\nx,y\n"), FormatCSV, header{columns: c.columns}, func(*Record) bool { return true })
			var fe *failure.Error
			if !errors.As(err, &fe) || fe.Kind != failure.Usage || !strings.HasSuffix(fe.Hint, c.want) || strings.Contains(fe.Hint, "vin") {
				t.Errorf("%q, %q: %v (hint %q)", row, c.columns, err, fe.Hint)
			}
		}
	}
}
