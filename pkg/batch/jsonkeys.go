package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// jsonMembers walks a JSON text that has already decoded as one object:
// it returns the names of the top-level members in the line's order, and
// the path of the first member name an object repeats ("" when none).
// encoding/json keeps the last of two members of one name without a
// word, while a line is signed and sent as it is: the provider may read
// the other, so the value checked (a VIN the purchase ledger looked at)
// would not be the one bought.
func jsonMembers(text []byte) (keys []string, repeated string) {
	type frame struct {
		path   string
		object bool
		names  []string
		key    string // the member whose value comes next
		index  int    // an array's element count so far
	}
	var stack []*frame
	// child is the path of a value starting now, inside the top frame.
	child := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.object {
			return joinPath(f.path, f.key)
		}
		return fmt.Sprintf("%s[%d]", f.path, f.index)
	}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '{', '[':
			stack = append(stack, &frame{path: child(), object: c == '{'})
		case '}', ']':
			stack = stack[:len(stack)-1]
		case ',':
			if f := stack[len(stack)-1]; !f.object {
				f.index++
			} else {
				f.key = ""
			}
		case '"':
			end := stringEnd(text, i)
			f := stack[len(stack)-1]
			if f.object && f.key == "" {
				name := memberName(text[i : end+1])
				for _, n := range f.names {
					if n == name {
						return keys, joinPath(f.path, name)
					}
				}
				f.names = append(f.names, name)
				f.key = name
				if len(stack) == 1 {
					keys = append(keys, name)
				}
			}
			i = end
		}
	}
	return keys, ""
}

// stringEnd is the index of the quote closing the JSON string that
// starts at text[start].
func stringEnd(text []byte, start int) int {
	for i := start + 1; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return len(text) - 1
}

// memberName is a quoted member name as its object knows it: "v\u0069n"
// is vin, as the provider would read it.
func memberName(quoted []byte) string {
	if bytes.IndexByte(quoted, '\\') < 0 {
		return string(quoted[1 : len(quoted)-1])
	}
	var s string
	if json.Unmarshal(quoted, &s) != nil {
		return string(quoted[1 : len(quoted)-1])
	}
	return s
}

func joinPath(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}
