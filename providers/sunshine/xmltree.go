package sunshine

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// Node is one XML element as read from the wire. The platform adds fields
// without notice and its own examples are not always well formed, so the
// reader builds this loose tree first and the typed views pick what they
// know from it; whatever they do not know stays here and is written back.
type Node struct {
	Name     string  `json:"name"`
	Attrs    []Attr  `json:"attrs,omitempty"`
	Text     string  `json:"text,omitempty"`
	Children []*Node `json:"children,omitempty"`
}

// Attr is one attribute of a Node.
type Attr struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Attr returns the value of the named attribute (case-insensitive).
func (n *Node) Attr(name string) string {
	for _, a := range n.Attrs {
		if strings.EqualFold(a.Name, name) {
			return a.Value
		}
	}
	return ""
}

// Child returns the first child with the name (case-insensitive), or nil.
func (n *Node) Child(name string) *Node {
	for _, c := range n.Children {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// Value is the element's text with surrounding whitespace removed: the
// manual's examples wrap values over lines ("是否使用OCR\n   ").
func (n *Node) Value() string {
	if n == nil {
		return ""
	}
	return strings.TrimSpace(n.Text)
}

func elem(name, text string, children ...*Node) *Node {
	return &Node{Name: name, Text: text, Children: children}
}

// parseTree reads GBK (or declared UTF-8) XML into a tree, forgiving the
// faults seen in the manual's examples: a missing end tag is closed when an
// enclosing element ends, a stray end tag is dropped, and an unclosed
// element is closed at the end of input.
func parseTree(wire []byte, decode func([]byte) ([]byte, error)) (*Node, []byte, error) {
	utf8Doc, err := decode(wire)
	if err != nil {
		return nil, nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(utf8Doc))
	d.Strict = false
	// The bytes are UTF-8 by now; the declaration's label no longer applies.
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	root := &Node{Name: "#document"}
	stack := []*Node{root}
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, utf8Doc, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := &Node{Name: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.Attrs = append(n.Attrs, Attr{Name: a.Name.Local, Value: a.Value})
			}
			top.Children = append(top.Children, n)
			stack = append(stack, n)
		case xml.EndElement:
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].Name == t.Name.Local {
					stack = stack[:i]
					break
				}
			}
		case xml.CharData:
			top.Text += string(t)
		}
	}
	dropLayout(root)
	return root, utf8Doc, nil
}

// dropLayout clears the indentation text of elements that have children,
// so a tree read back from our own (differently indented) output equals
// the original.
func dropLayout(n *Node) {
	if len(n.Children) > 0 && strings.TrimSpace(n.Text) == "" {
		n.Text = ""
	}
	for _, c := range n.Children {
		dropLayout(c)
	}
}

// Only the characters XML requires are escaped, so Chinese text and line
// breaks stay readable in --dry-run output and in the sandbox's answers.
var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

// writeNode renders n with tab indentation in the manual's layout: empty
// elements as <X></X>, text escaped, containers one child per line.
func writeNode(b *bytes.Buffer, n *Node, depth int) {
	indent := strings.Repeat("\t", depth)
	b.WriteString(indent + "<" + n.Name)
	for _, a := range n.Attrs {
		b.WriteString(" " + a.Name + `="` + attrEscaper.Replace(a.Value) + `"`)
	}
	b.WriteString(">")
	if len(n.Children) == 0 {
		b.WriteString(textEscaper.Replace(n.Text) + "</" + n.Name + ">\n")
		return
	}
	if strings.TrimSpace(n.Text) != "" {
		// Mixed content: keep the text, and add no layout that the reader
		// would take for more of it.
		b.WriteString(textEscaper.Replace(n.Text))
		for _, c := range n.Children {
			var cb bytes.Buffer
			writeNode(&cb, c, 0)
			b.Write(bytes.TrimSuffix(cb.Bytes(), []byte("\n")))
		}
		b.WriteString("</" + n.Name + ">\n")
		return
	}
	b.WriteString("\n")
	for _, c := range n.Children {
		writeNode(b, c, depth+1)
	}
	b.WriteString(indent + "</" + n.Name + ">\n")
}

// renderDocument writes the declaration and root in GBK.
func renderDocument(root *Node) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="GBK" standalone="yes"?>` + "\n")
	writeNode(&b, root, 0)
	return EncodeGBK(b.Bytes())
}
