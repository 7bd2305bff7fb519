package config

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/insurekit/insure/pkg/failure"
)

// caseDuplicates refuses a file that writes one name twice in different
// case (a profile "Prod" and "prod", a key "Username" and "username").
// Names are case-insensitive, and viper keeps only one of the two
// mappings: the other profile's providers, or the other key's value, were
// dropped without a word, and the next write left them out of the file.
// YAML itself refuses a name written twice in the same case; this is the
// same refusal for the case-insensitive names.
func caseDuplicates(path string, top *yaml.Node) error {
	if top == nil {
		return nil
	}
	var found []string
	// check looks at one mapping's keys; where names what holds them.
	check := func(n *yaml.Node, where string) {
		if n == nil || n.Kind != yaml.MappingNode {
			return
		}
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			low := strings.ToLower(k.Value)
			if first, dup := seen[low]; dup {
				found = append(found, fmt.Sprintf("line %d: %s%q is also written as %q at line %d",
					k.Line, where, k.Value, first.Value, first.Line))
				continue
			}
			seen[low] = k
		}
	}
	value := func(n *yaml.Node, key string) *yaml.Node {
		if n == nil || n.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if strings.EqualFold(n.Content[i].Value, key) {
				return n.Content[i+1]
			}
		}
		return nil
	}
	check(top, "")
	profs := value(top, "profiles")
	check(profs, "profile ")
	if profs != nil && profs.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(profs.Content); i += 2 {
			prof, secs := NormalizeProfileName(profs.Content[i].Value), profs.Content[i+1]
			check(secs, "in profile "+prof+", provider ")
			if secs == nil || secs.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(secs.Content); j += 2 {
				sec := strings.ToLower(secs.Content[j].Value)
				check(secs.Content[j+1], "in profile "+prof+", "+sec+" key ")
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	return &failure.Error{Kind: failure.Usage,
		Message: fmt.Sprintf("%s names one thing twice, in different case: %s", path, strings.Join(found, "; ")),
		Hint: "names are case-insensitive, so the two would be read as one and part of what they hold lost: " +
			"keep one, with everything it should hold (for example one \"prod:\" profile holding every provider)"}
}

// yamlTree is the top node of the YAML file at path, nil when it cannot
// be read or parsed (Load reports that itself).
func yamlTree(path string) *yaml.Node {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// yamlLine is the line a YAML parser error names.
var yamlLine = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`line (\d+):`) })

// tabHint says so when the line a YAML error names is indented with a
// tab: the parser's own words ("found character that cannot start any
// token") do not.
func tabHint(path, msg string) string {
	m := yamlLine().FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	n, _ := strconv.Atoi(m[1])
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	indent := lines[n-1][:len(lines[n-1])-len(strings.TrimLeft(lines[n-1], " \t"))]
	if !strings.Contains(indent, "\t") {
		return ""
	}
	return fmt.Sprintf("line %d is indented with a tab: YAML indents with spaces only; ", n)
}
