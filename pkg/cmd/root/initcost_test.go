package root

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// compiledAtInit are the calls that compile something (a regexp, a
// template): made in a package-level var, they run in every insure
// process at start-up, whichever command runs. Session 23 let eight
// regexps back in that way (0.3 ms of every start); they belong in a
// sync.OnceValue, built on first use.
var compiledAtInit = map[string]bool{
	"regexp.MustCompile":      true,
	"regexp.Compile":          true,
	"regexp.MustCompilePOSIX": true,
	"template.Must":           true,
}

// TestNothingCompiledAtInit reads the module's own source: no
// package-level variable outside tests is initialised by compiling a
// regexp or a template.
func TestNothingCompiledAtInit(t *testing.T) {
	moduleRoot, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var found []string
	err = filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "testdata" || name == "bench" || strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR {
				continue
			}
			for _, spec := range gen.Specs {
				for _, value := range spec.(*ast.ValueSpec).Values {
					if name := compileCallOutsideFunc(value); name != "" {
						rel, _ := filepath.Rel(moduleRoot, path)
						found = append(found, rel+":"+strconv.Itoa(fset.Position(value.Pos()).Line)+": "+name)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s at package level runs at every start; wrap it in sync.OnceValue", f)
	}
}

// compileCallOutsideFunc returns the compiling call an initialiser makes
// directly, not inside a function literal (which runs only when called).
func compileCallOutsideFunc(expr ast.Expr) string {
	found := ""
	ast.Inspect(expr, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && compiledAtInit[pkg.Name+"."+sel.Sel.Name] && found == "" {
					found = pkg.Name + "." + sel.Sel.Name
				}
			}
		}
		return true
	})
	return found
}
