package shapecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Package is the exported surface of one package, read from its source
// (non-test files only): what go doc would list, plus where each name is
// declared, which the file-name rules need.
type Package struct {
	// Provider is the provider the package belongs to: "cryptochill" for
	// both cryptochill and cryptochill/cryptochilltest.
	Provider string
	// Name is the package's import-path tail: "cryptochill" or "cryptochilltest".
	Name string
	// Sandbox is true for <p>/<p>test.
	Sandbox bool
	// Files are the base names of the package's non-test Go files.
	Files []string
	// Funcs are the top-level functions, exported or not.
	Funcs map[string]*Func
	// Types are the declared types, exported or not, with their methods.
	Types map[string]*Type
	// Consts and Vars are the package-level constants and variables,
	// exported or not.
	Consts, Vars map[string]*Value
	// TestUses are the qualified names (paymentstest.NilClient) the
	// package's _test.go files refer to.
	TestUses map[string]bool
}

// Func is a function or a method.
type Func struct {
	// Name is the function's or method's name.
	Name string
	// File is the base name of the file that declares it.
	File string
	// Sig is the signature without parameter names, aliases resolved:
	// "(context.Context, string) (*Invoice, error)".
	Sig string
	// Pointer is true for a method on a pointer receiver.
	Pointer bool
}

// Type is a declared type.
type Type struct {
	// Name is the type's name.
	Name string
	// File is the base name of the file that declares it ("" for a type
	// only seen as the receiver of a method).
	File string
	// Alias is true for "type A = B".
	Alias bool
	// Underlying is the declared type expression: "string", "service",
	// "struct{...}", "sandboxkit.Delivery".
	Underlying string
	// Struct is true when Underlying is a struct type; Fields are its fields
	// in order (an embedded field has Embedded set and its type as Name).
	Struct bool
	// Fields are the struct's fields in order (nil for another type).
	Fields []Field
	// Methods are declared in this package on T or *T, exported or not.
	Methods map[string]*Func
}

// Field is one struct field.
type Field struct {
	// Name and Type are the field's name and type expression.
	Name, Type string
	// Embedded is true for an embedded field.
	Embedded bool
}

// Value is a package-level constant or variable.
type Value struct {
	// Name is the constant's or variable's name.
	Name string
	// File is the base name of the file that declares it.
	File string
	// Type is the declared type (or, for a constant without one, the type
	// of a conversion it is written as, or the type its group carries by
	// iota-style repetition); "" when untyped.
	Type string
	// Sentinel is true for a variable whose value is errors.New(…),
	// fmt.Errorf(…) or another package's error sentinel (pkg.ErrX).
	Sentinel bool
}

// exportedKeys lists the exported names of m, sorted.
func exportedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		if ast.IsExported(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// LoadPackage reads the package in dir (relative to root) from source.
func LoadPackage(root, dir, provider string) (*Package, error) {
	abs := filepath.Join(root, filepath.FromSlash(dir))
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var files []*ast.File
	var names []string
	uses := map[string]bool{}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") {
			continue
		}
		if strings.HasSuffix(n, "_test.go") {
			if err := testUses(filepath.Join(abs, n), uses); err != nil {
				return nil, err
			}
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(abs, n), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		names = append(names, n)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("shapecheck: no Go files in %s", dir)
	}
	p := &Package{
		Provider: provider,
		Name:     files[0].Name.Name,
		Sandbox:  strings.HasSuffix(dir, "/"+provider+"test"),
		Files:    names,
		Funcs:    map[string]*Func{},
		Types:    map[string]*Type{},
		Consts:   map[string]*Value{},
		Vars:     map[string]*Value{},
		TestUses: uses,
	}
	// First pass: aliases, so that a signature written with a local alias
	// (type Delivery = sandboxkit.Delivery) reads the same as one written
	// with its target.
	aliases := map[string]string{}
	for _, f := range files {
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					if ts := s.(*ast.TypeSpec); ts.Assign.IsValid() {
						aliases[ts.Name.Name] = expr(ts.Type, nil)
					}
				}
			}
		}
	}
	r := &renderer{aliases: aliases}
	for i, f := range files {
		file := names[i]
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				fn := &Func{Name: d.Name.Name, File: file, Sig: r.sig(d.Type)}
				if d.Recv == nil || len(d.Recv.List) == 0 {
					p.Funcs[fn.Name] = fn
					continue
				}
				recv, ptr := recvName(d.Recv.List[0].Type)
				fn.Pointer = ptr
				t := p.typ(recv)
				t.Methods[fn.Name] = fn
			case *ast.GenDecl:
				r.genDecl(p, file, d)
			}
		}
	}
	return p, nil
}

// testUses adds the qualified names a test file refers to.
func testUses(path string, uses map[string]bool) error {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				uses[x.Name+"."+sel.Sel.Name] = true
			}
		}
		return true
	})
	return nil
}

// typ returns the named type, creating a placeholder for a method declared
// before (or without) its type.
func (p *Package) typ(name string) *Type {
	t := p.Types[name]
	if t == nil {
		t = &Type{Name: name, Methods: map[string]*Func{}}
		p.Types[name] = t
	}
	return t
}

func (r *renderer) genDecl(p *Package, file string, d *ast.GenDecl) {
	var groupType string // a const group's type, carried by repetition
	for _, s := range d.Specs {
		switch s := s.(type) {
		case *ast.TypeSpec:
			t := p.typ(s.Name.Name)
			t.File = file
			t.Alias = s.Assign.IsValid()
			t.Underlying = r.expr(s.Type)
			if st, ok := s.Type.(*ast.StructType); ok {
				t.Struct = true
				for _, f := range st.Fields.List {
					typ := r.expr(f.Type)
					if len(f.Names) == 0 {
						t.Fields = append(t.Fields, Field{Name: typ, Type: typ, Embedded: true})
					}
					for _, n := range f.Names {
						t.Fields = append(t.Fields, Field{Name: n.Name, Type: typ})
					}
				}
			}
		case *ast.ValueSpec:
			typ := ""
			switch {
			case s.Type != nil:
				typ = r.expr(s.Type)
			case len(s.Values) == 0 && d.Tok == token.CONST:
				typ = groupType
			case len(s.Values) > 0:
				typ = conversionType(s.Values[0])
			}
			if d.Tok == token.CONST {
				groupType = typ
			}
			for i, n := range s.Names {
				v := &Value{Name: n.Name, File: file, Type: typ}
				if d.Tok == token.CONST {
					p.Consts[n.Name] = v
					continue
				}
				if i < len(s.Values) {
					v.Sentinel = isSentinel(s.Values[i])
				}
				p.Vars[n.Name] = v
			}
		}
	}
}

// conversionType is T for a value written T("x"), else "".
func conversionType(e ast.Expr) string {
	c, ok := e.(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return ""
	}
	if id, ok := c.Fun.(*ast.Ident); ok && ast.IsExported(id.Name) {
		return id.Name
	}
	return ""
}

// isSentinel recognises errors.New("…"), fmt.Errorf("…") and pkg.ErrX.
func isSentinel(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.CallExpr:
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok {
				return (x.Name == "errors" && sel.Sel.Name == "New") || (x.Name == "fmt" && sel.Sel.Name == "Errorf")
			}
		}
	case *ast.SelectorExpr:
		return strings.HasPrefix(e.Sel.Name, "Err")
	}
	return false
}

func recvName(e ast.Expr) (string, bool) {
	ptr := false
	if s, ok := e.(*ast.StarExpr); ok {
		ptr, e = true, s.X
	}
	switch x := e.(type) {
	case *ast.IndexExpr:
		e = x.X
	case *ast.IndexListExpr:
		e = x.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name, ptr
	}
	return "?", ptr
}

// renderer prints type expressions with the package's aliases resolved.
type renderer struct{ aliases map[string]string }

func (r *renderer) expr(e ast.Expr) string { return expr(e, r.aliases) }

// sig prints a signature's parameter and result types, without names.
func (r *renderer) sig(ft *ast.FuncType) string {
	s := "(" + strings.Join(r.fields(ft.Params), ", ") + ")"
	res := r.fields(ft.Results)
	switch len(res) {
	case 0:
	case 1:
		s += " " + res[0]
	default:
		s += " (" + strings.Join(res, ", ") + ")"
	}
	return s
}

func (r *renderer) fields(fl *ast.FieldList) []string {
	if fl == nil {
		return nil
	}
	var out []string
	for _, f := range fl.List {
		t := r.expr(f.Type)
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for range n {
			out = append(out, t)
		}
	}
	return out
}

// expr prints a type expression; a bare identifier that is a local alias
// prints as its target.
func expr(e ast.Expr, aliases map[string]string) string {
	switch x := e.(type) {
	case nil:
		return ""
	case *ast.Ident:
		if t, ok := aliases[x.Name]; ok {
			return t
		}
		return x.Name
	case *ast.SelectorExpr:
		return expr(x.X, nil) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + expr(x.X, aliases)
	case *ast.ArrayType:
		if x.Len == nil {
			return "[]" + expr(x.Elt, aliases)
		}
		return "[" + expr(x.Len, nil) + "]" + expr(x.Elt, aliases)
	case *ast.BasicLit:
		return x.Value
	case *ast.Ellipsis:
		return "..." + expr(x.Elt, aliases)
	case *ast.MapType:
		return "map[" + expr(x.Key, aliases) + "]" + expr(x.Value, aliases)
	case *ast.ChanType:
		switch x.Dir {
		case ast.SEND:
			return "chan<- " + expr(x.Value, aliases)
		case ast.RECV:
			return "<-chan " + expr(x.Value, aliases)
		}
		return "chan " + expr(x.Value, aliases)
	case *ast.FuncType:
		return "func" + (&renderer{aliases}).sig(x)
	case *ast.IndexExpr:
		return expr(x.X, aliases) + "[" + expr(x.Index, aliases) + "]"
	case *ast.IndexListExpr:
		var args []string
		for _, a := range x.Indices {
			args = append(args, expr(a, aliases))
		}
		return expr(x.X, aliases) + "[" + strings.Join(args, ", ") + "]"
	case *ast.ParenExpr:
		return expr(x.X, aliases)
	case *ast.StructType:
		return "struct{...}"
	case *ast.InterfaceType:
		if x.Methods == nil || len(x.Methods.List) == 0 {
			return "interface{}"
		}
		return "interface{...}"
	}
	return fmt.Sprintf("%T", e)
}

// ModuleRoot is the directory holding go.mod, searched upwards from the
// working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("shapecheck: no go.mod above the working directory")
		}
		dir = parent
	}
}
