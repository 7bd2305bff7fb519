package purchase

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// decodeLiteral reads a YAML (or JSON) document into maps, lists and
// strings, each scalar as written: a city code 07518800 or an engine
// number 0012 stays those digits. Decoded into any, YAML makes numbers of
// them (7.5188e+06; 10, read as octal), which then went to the platform.
// Booleans stay booleans (scalar sends them as 1 and 0), null is nil.
func decodeLiteral(b []byte) (any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return literal(doc.Content[0], 0)
}

// maxDepth bounds the nesting of aliases and collections a file can make
// literal walk (an answers file is two levels deep).
const maxDepth = 64

func literal(n *yaml.Node, depth int) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested more than %d levels", maxDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return literal(n.Alias, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := literal(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := literal(c, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, err
			}
			return b, nil
		}
		return n.Value, nil
	}
	return nil, nil
}
