package doccheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryExportedNameHasADoc walks the module's non-test Go files.
func TestEveryExportedNameHasADoc(t *testing.T) {
	root := filepath.Join("..", "..")
	pkgDocs := map[string]bool{}
	pkgSeen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		pkgSeen[dir] = true
		if f.Doc != nil {
			pkgDocs[dir] = true
		}
		if f.Name.Name == "main" {
			return nil
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && receiverExported(d) {
					assert.NotNil(t, d.Doc, "%s: func %s has no doc comment", path, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							assert.True(t, d.Doc != nil || s.Doc != nil, "%s: type %s has no doc comment", path, s.Name.Name)
						}
						checkFields(t, path, s)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								assert.True(t, d.Doc != nil || s.Doc != nil || s.Comment != nil, "%s: %s has no doc comment", path, n.Name)
							}
						}
					}
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	for dir := range pkgSeen {
		assert.True(t, pkgDocs[dir], "package in %s has no package doc", dir)
	}
}

func receiverExported(d *ast.FuncDecl) bool {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return true
	}
	typ := d.Recv.List[0].Type
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	if idx, ok := typ.(*ast.IndexExpr); ok {
		typ = idx.X
	}
	id, ok := typ.(*ast.Ident)
	return ok && id.IsExported()
}

// checkFields wants a comment on every exported field of an exported struct.
func checkFields(t *testing.T, path string, s *ast.TypeSpec) {
	st, ok := s.Type.(*ast.StructType)
	if !ok || !s.Name.IsExported() {
		return
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.IsExported() {
				assert.True(t, f.Doc != nil || f.Comment != nil, "%s: field %s.%s has no doc comment", path, s.Name.Name, n.Name)
			}
		}
	}
}
