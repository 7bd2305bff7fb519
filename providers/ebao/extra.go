package ebao

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/insurekit/insure/internal/jsonkeys"
)

// The document's objects are open-ended (products add risk factors and
// response fields without notice), so every type here keeps the members it
// does not name. Without that, `-o json` would silently drop whatever the
// server added and the output would no longer be what was received.

var namesCache sync.Map // reflect.Type -> map[string]bool

// jsonNames lists the member names t's fields read, from their json tags.
func jsonNames(t reflect.Type) map[string]bool {
	if v, ok := namesCache.Load(t); ok {
		return v.(map[string]bool)
	}
	names := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	namesCache.Store(t, names)
	return names
}

// decodeKeeping decodes data into v, a pointer to a method-less copy of the
// real type, and stores the members v has no field for in *extra.
func decodeKeeping(data []byte, v any, extra *map[string]json.RawMessage) error {
	if err := json.Unmarshal(data, v); err != nil {
		return err
	}
	known := jsonNames(reflect.TypeOf(v).Elem())
	// Most answers hold only the members v names: their names, read
	// without decoding (the text is valid, Unmarshal said so), spare
	// decoding the whole text a second time into a map. Every batch line
	// reads an answer, and the map was most of its cost.
	unknown := false
	for name := range jsonkeys.TopNames(data) {
		if !known[string(name)] {
			unknown = true
			break
		}
	}
	if !unknown {
		*extra = nil
		return nil
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for k := range all {
		if known[k] {
			delete(all, k)
		}
	}
	if len(all) == 0 {
		all = nil
	}
	*extra = all
	return nil
}

// encodeKeeping encodes v and merges extra back in. Named fields win over
// a kept member of the same name, so a caller's change is never masked.
func encodeKeeping(v any, extra map[string]json.RawMessage) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	for k, raw := range extra {
		if _, taken := all[k]; !taken {
			all[k] = raw
		}
	}
	return json.Marshal(all)
}
