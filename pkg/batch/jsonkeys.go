package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// memberFrame is an object or array jsonMembers is inside.
type memberFrame struct {
	object bool
	start  int    // an object's names begin at names[start]
	key    []byte // the member whose value comes next (quoted); nil: a name comes next
	index  int    // an array's element count so far
}

// jsonMembers walks a JSON text that has already decoded as one object:
// it returns the names of the top-level members in the line's order, and
// the path of the first member name an object repeats ("" when none).
// encoding/json keeps the last of two members of one name without a
// word, while a line is signed and sent as it is: the provider may read
// the other, so the value checked (a VIN the purchase ledger looked at)
// would not be the one bought.
func jsonMembers(text []byte) (keys []string, repeated string) {
	// Every line of a batch goes through here, so nothing is allocated
	// but the top-level names: member names are compared as they stand
	// in the text (unquoted only when one holds an escape), and a path is
	// built only for a repeat.
	var stackArr [16]memberFrame
	stack := stackArr[:0]
	var namesArr [64][]byte
	names := namesArr[:0]
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '{', '[':
			stack = append(stack, memberFrame{object: c == '{', start: len(names)})
		case '}', ']':
			names = names[:stack[len(stack)-1].start]
			stack = stack[:len(stack)-1]
		case ',':
			if f := &stack[len(stack)-1]; !f.object {
				f.index++
			} else {
				f.key = nil
			}
		case '"':
			end := stringEnd(text, i)
			f := &stack[len(stack)-1]
			if f.object && f.key == nil {
				name := text[i : end+1]
				for _, n := range names[f.start:] {
					if sameName(n, name) {
						return keys, repeatPath(stack[:len(stack)-1], name)
					}
				}
				names = append(names, name)
				f.key = name
				if len(stack) == 1 {
					keys = append(keys, memberName(name))
				}
			}
			i = end
		}
	}
	return keys, ""
}

// sameName says two quoted member names are one name to a JSON reader.
func sameName(a, b []byte) bool {
	if bytes.IndexByte(a, '\\') < 0 && bytes.IndexByte(b, '\\') < 0 {
		return bytes.Equal(a, b)
	}
	return memberName(a) == memberName(b)
}

// repeatPath is the path of member name inside the frames that hold it
// (each frame's member, or element index, that leads to the next).
func repeatPath(frames []memberFrame, name []byte) string {
	path := ""
	for _, f := range frames {
		if f.object {
			path = joinPath(path, memberName(f.key))
		} else {
			path = fmt.Sprintf("%s[%d]", path, f.index)
		}
	}
	return joinPath(path, memberName(name))
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
