// Package jsonkeys finds member names a JSON text gives twice in one
// object. encoding/json keeps the last of them without a word, while
// insure signs and sends a body as it is written: the provider may read
// the other, so the value checked (a VIN, an order id, a policy number)
// would not be the one acted on. --batch lines, api's parameter files,
// eBao bodies and sign ebao's warning all ask here.
package jsonkeys

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
)

// memberFrame is an object or array Members is inside.
type memberFrame struct {
	object bool
	start  int    // an object's names begin at names[start]
	key    []byte // the member whose value comes next (quoted); nil: a name comes next
	index  int    // an array's element count so far
}

// Members walks a JSON text that has already decoded as one object or
// array: it returns the names of the top-level members in the text's
// order (each once), and the path of every member name an object repeats
// ("vin", "policyHolder.PH006", "insuredObjects[0].code"), in the text's
// order. Every --batch line goes through it, so nothing is allocated but
// the top-level names: member names are compared as they stand in the
// text (unquoted only when one holds an escape), and a path is built only
// for a repeat.
func Members(text []byte) (keys []string, repeated []string) {
	var stackArr [16]memberFrame
	stack := stackArr[:0]
	var namesArr [64][]byte
	names := namesArr[:0]
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '{', '[':
			stack = append(stack, memberFrame{object: c == '{', start: len(names)})
		case '}', ']':
			if len(stack) == 0 {
				return keys, repeated // not one JSON text: the caller's decoder says so
			}
			names = names[:stack[len(stack)-1].start]
			stack = stack[:len(stack)-1]
		case ',':
			if len(stack) == 0 {
				return keys, repeated
			}
			if f := &stack[len(stack)-1]; !f.object {
				f.index++
			} else {
				f.key = nil
			}
		case '"':
			end := stringEnd(text, i)
			if len(stack) == 0 {
				return keys, repeated
			}
			f := &stack[len(stack)-1]
			if f.object && f.key == nil {
				name := text[i : end+1]
				f.key = name
				again := false
				for _, n := range names[f.start:] {
					if sameName(n, name) {
						again = true
						break
					}
				}
				if again {
					repeated = append(repeated, repeatPath(stack[:len(stack)-1], name))
				} else {
					names = append(names, name)
					if len(stack) == 1 {
						keys = append(keys, memberName(name))
					}
				}
			}
			i = end
		}
	}
	return keys, repeated
}

// Repeated is the path of every member name an object of b repeats (each
// once), for
// a text not known to be JSON: nil when b is not one JSON object or
// array (its decoder reports that).
func Repeated(b []byte) []string {
	t := bytes.TrimLeft(b, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || !json.Valid(b) {
		return nil
	}
	_, rep := Members(b)
	return slices.Compact(rep) // a name given three times is one problem
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

// TopNames yields the member names of the object a valid JSON text is,
// as its object knows them ("v\u0069n" is vin), in the text's order,
// repeats included; nothing when the text is not an object. Unlike
// Members it allocates nothing for a name without escapes: the bytes
// yielded are the text's own, valid until the next name.
func TopNames(text []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		t := bytes.TrimLeft(text, " \t\r\n")
		if len(t) == 0 || t[0] != '{' {
			return
		}
		depth, nameNext := 0, false
		for i := 0; i < len(t); i++ {
			switch t[i] {
			case '{', '[':
				depth++
				nameNext = depth == 1
			case '}', ']':
				depth--
			case ',':
				nameNext = depth == 1
			case '"':
				end := stringEnd(t, i)
				if nameNext {
					nameNext = false
					name := t[i+1 : end]
					if bytes.IndexByte(name, '\\') >= 0 {
						name = []byte(memberName(t[i : end+1]))
					}
					if !yield(name) {
						return
					}
				}
				i = end
			}
		}
	}
}
