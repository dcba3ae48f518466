package shapecheck

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"
	"unicode"
)

// Violation is one place where a package departs from the shape.
type Violation struct {
	// Pkg is the package: "cryptochill" or "cryptochilltest".
	Pkg string
	// Name is what departs, stable across runs so that a table can name it:
	// "New", "Config.WebhookSecret", "InvoicesService.Get", "settle.go".
	Name string
	// Msg says how.
	Msg string
	// Shape is true when the name is there but its shape departs (its
	// signature, type, receiver, field order or file), false when the name
	// itself is missing, extra or misnamed. A table that excuses a name
	// does not excuse its shape: that takes an entry for Key.
	Shape bool
}

// Key is how the tables of TestPackageShape name a finding: Name for a
// missing, extra or misnamed name, "Name (shape)" for its shape.
func (v Violation) Key() string {
	if v.Shape {
		return v.Name + " (shape)"
	}
	return v.Name
}

// String prints "pkg: key: message", one finding a line.
func (v Violation) String() string { return v.Pkg + ": " + v.Key() + ": " + v.Msg }

// The signatures §3 of the provider brief (PROVIDER.md) fixes, as this
// package prints them: parameter types only, aliases resolved.
const (
	sigFormat     = "(fmt.State, rune)"
	sigNew        = "(Config, ...option.Option) (*Client, error)"
	sigNewAdapter = "(*Client, AdapterOptions) (*Adapter, error)"
	sigSignTest   = "(string, []byte) ([]byte, http.Header, error)"
	sigNewServer  = "(Options) *Server"
)

// webhooksMethods are the WebhooksService methods every provider has.
var webhooksMethods = map[string]string{
	"Parse":     "(*http.Request) (*Event, error)",
	"ParseBody": "([]byte, http.Header) (*Event, error)",
	"Refresh":   "(context.Context, *Event) (*Event, error)",
	"Format":    sigFormat,
}

// serverMethods are the sandbox Server methods whose signature is fixed
// where the provider has the concept (whether it has it is the
// cross-package rule's business).
var serverMethods = map[string]string{
	"Mount":          "(string)",
	"Objects":        "() []sandboxkit.Object",
	"Balance":        "(string) decimal.Decimal",
	"SetBalance":     "(string, decimal.Decimal)",
	"PayInvoice":     "(string, decimal.Decimal) (string, error)",
	"PayDeposit":     "(string, decimal.Decimal) (string, error)",
	"Confirm":        "(string) error",
	"ExpireInvoice":  "(string) error",
	"CompletePayout": "(string) error",
	"FailPayout":     "(string, string) error",
	"CancelPayout":   "(string, string) error",
	"HoldPayout":     "(string) error",
	"PayoutsMade":    "() int",
}

// KitMethods are the shared sandbox methods a Server declares itself, one
// forwarding line each in kit.go, so that go doc lists them.
var KitMethods = []string{
	"Close", "ServeHTTP", "Now", "Advance", "SetCallbackURL", "CallbackURL", "Deliveries",
	"Redeliver", "Requests", "InjectFault", "ClearFaults", "Faults", "VerifyFaults",
}

// requiredFiles are the files every provider package has (beside one file
// per service); forbiddenFiles are names the brief retired.
var (
	requiredFiles = []string{
		"client.go", "config.go", "signer.go", "decode.go", "status.go", "settle.go", "webhooks.go",
		"testwebhook.go", "adapter.go", "normalize.go", "errors.go", "validate.go",
	}
	forbiddenFiles = []string{"reference.go"}
	// normalizers live in normalize.go wherever a provider has them.
	normalizers = []string{"toPayout", "toInvoice", "toEvent", "toDeposit"}
)

type checker struct {
	out []Violation
	pkg string
}

// add reports a name that is missing, extra or misnamed.
func (c *checker) add(name, format string, args ...any) {
	c.out = append(c.out, Violation{Pkg: c.pkg, Name: name, Msg: fmt.Sprintf(format, args...)})
}

// shape reports a name whose shape departs.
func (c *checker) shape(name, format string, args ...any) {
	c.out = append(c.out, Violation{Pkg: c.pkg, Name: name, Msg: fmt.Sprintf(format, args...), Shape: true})
}

// method checks that t has method m with signature sig and, when ptr is not
// nil, that its receiver is (or is not) a pointer.
func (c *checker) method(t *Type, m, sig string, ptr *bool) *Func {
	name := t.Name + "." + m
	f := t.Methods[m]
	switch {
	case f == nil:
		c.add(name, "missing: want func (%s) %s%s", t.Name, m, sig)
	case f.Sig != sig:
		c.shape(name, "signature %s, want %s", f.Sig, sig)
	case ptr != nil && f.Pointer != *ptr:
		c.shape(name, "on the %s, want the %s", recvKind(f.Pointer), recvKind(*ptr))
	}
	return f
}

func recvKind(ptr bool) string {
	if ptr {
		return "pointer receiver"
	}
	return "value receiver"
}

func (c *checker) fn(p *Package, name, sig, file string) {
	f := p.Funcs[name]
	switch {
	case f == nil:
		c.add(name, "missing: want func %s%s", name, sig)
	case f.Sig != sig:
		c.shape(name, "signature %s, want %s", f.Sig, sig)
	case file != "" && f.File != file:
		c.shape(name, "declared in %s, want %s", f.File, file)
	}
}

// typ returns an exported declared type, reporting a missing one.
func (c *checker) typ(p *Package, name string) *Type {
	t := p.Types[name]
	if t == nil || t.File == "" {
		c.add(name, "missing: want type %s", name)
		return nil
	}
	return t
}

func (c *checker) field(t *Type, name, typ string) {
	for _, f := range t.Fields {
		if f.Name == name {
			if f.Type != typ {
				c.shape(t.Name+"."+name, "field of type %s, want %s", f.Type, typ)
			}
			return
		}
	}
	c.add(t.Name+"."+name, "missing: want field %s %s", name, typ)
}

var (
	yes = true
	no  = false
)

// CheckProvider applies PROVIDER.md §3's per-package rules to a provider
// package.
func CheckProvider(p *Package) []Violation {
	c := &checker{pkg: p.Name}

	// Constructors.
	c.fn(p, "New", sigNew, "client.go")
	c.fn(p, "NewAdapter", sigNewAdapter, "adapter.go")
	if t := c.typ(p, "AdapterOptions"); t != nil && !t.Struct {
		c.shape("AdapterOptions", "not a struct type")
	}
	if !p.TestUses["paymentstest.NilClient"] {
		c.add("NilClient", "the package's tests do not run paymentstest.NilClient, the one check of NewAdapter(nil, …)")
	}

	// Client and Config.
	if t := c.typ(p, "Client"); t != nil {
		c.method(t, "BaseURL", "() string", nil)
		c.method(t, "Format", sigFormat, &yes)
	}
	if t := c.typ(p, "Config"); t != nil {
		c.method(t, "Format", sigFormat, &no)
		if t.File != "config.go" {
			c.shape("Config", "declared in %s, want config.go", t.File)
		}
		c.field(t, "APIKey", "string")
		c.field(t, "WebhookSecret", "string")
		c.field(t, "PreviousWebhookSecrets", "[]string")
	}

	// Base URLs.
	if p.Consts["ProductionBaseURL"] == nil {
		c.add("ProductionBaseURL", "missing: want const ProductionBaseURL")
	}
	for _, n := range exportedKeys(p.Consts) {
		if n != "ProductionBaseURL" && n != "SandboxBaseURL" && (strings.HasSuffix(n, "BaseURL") || n == "Production" || n == "Sandbox") {
			c.add(n, "base URL constant named %s, want ProductionBaseURL or SandboxBaseURL", n)
		}
	}

	c.services(p)
	c.statuses(p)
	c.events(p)

	// Webhooks.
	if t := c.typ(p, "WebhooksService"); t != nil {
		for _, m := range sortedKeys(webhooksMethods) {
			c.method(t, m, webhooksMethods[m], nil)
		}
	}
	if p.Consts["SignatureCovers"] == nil {
		c.add("SignatureCovers", "missing: want const SignatureCovers")
	}
	c.fn(p, "SignTestWebhook", sigSignTest, "testwebhook.go")
	for _, n := range exportedKeys(p.Funcs) {
		if n != "SignTestWebhook" && (strings.HasPrefix(n, "Sign") || strings.HasSuffix(n, "Hash")) {
			c.add(n, "exported callback signer: SignTestWebhook is the only one (unexport it)")
		}
		if strings.HasPrefix(n, "Normalize") {
			c.add(n, "exported status mapping: want a Normalized method on the model in status.go (unexport or delete it)")
		}
	}

	// Package variables.
	for _, n := range exportedKeys(p.Vars) {
		if v := p.Vars[n]; !v.Sentinel || !strings.HasPrefix(n, "Err") {
			c.add(n, "exported mutable package variable: want a constant or a function returning a fresh copy")
		}
	}

	// Files.
	c.files(p, requiredFiles)
	for _, n := range normalizers {
		if f := p.Funcs[n]; f != nil && f.File != "normalize.go" {
			c.shape(n, "declared in %s, want normalize.go", f.File)
		}
	}
	return c.out
}

func (c *checker) files(p *Package, required []string) {
	have := map[string]bool{}
	for _, f := range p.Files {
		have[f] = true
	}
	for _, f := range required {
		if !have[f] {
			c.add(f, "missing file %s", f)
		}
	}
	for _, f := range forbiddenFiles {
		if have[f] {
			c.add(f, "file %s: where a reference is carried belongs to the model's file, settling it to settle.go", f)
		}
	}
}

// services checks the go-github service base, the per-service files, the
// lookups and the List/All pairs.
func (c *checker) services(p *Package) {
	if t := p.Types["service"]; t == nil || !t.Struct {
		c.add("service", "missing: want type service struct{ client *Client } in client.go")
	} else {
		if t.File != "client.go" {
			c.shape("service", "declared in %s, want client.go", t.File)
		}
		if len(t.Fields) != 1 || t.Fields[0].Name != "client" || t.Fields[0].Type != "*Client" {
			c.shape("service", "want struct{ client *Client }")
		}
	}
	for _, n := range exportedKeys(p.Types) {
		t := p.Types[n]
		if !strings.HasSuffix(n, "Service") || t.File == "" {
			continue
		}
		if want := snake(strings.TrimSuffix(n, "Service")) + ".go"; t.File != want {
			c.shape(n, "declared in %s, want %s (one file per service, named for it)", t.File, want)
		}
		if n == "WebhooksService" {
			continue
		}
		if t.Underlying != "service" {
			c.shape(n, "declared as %s, want type %s service", t.Underlying, n)
		}
		if t.Methods["Format"] != nil {
			c.add(n+".Format", "services print as an address: only WebhooksService, which holds secrets, has Format")
		}
		for _, m := range []string{"Get", "FindByReference"} {
			if f := t.Methods[m]; f != nil && !lookupSig(f.Sig) {
				c.shape(n+"."+m, "signature %s, want (context.Context, string) (*T, error)", f.Sig)
			}
		}
		if t.Methods["ByID"] != nil {
			c.add(n+".ByID", "a lookup by the provider's id is named Get")
		}
		c.lists(t)
	}
}

func lookupSig(sig string) bool {
	rest, ok := strings.CutPrefix(sig, "(context.Context, string) (*")
	return ok && strings.HasSuffix(rest, ", error)") && !strings.ContainsAny(strings.TrimSuffix(rest, ", error)"), " ,()")
}

// lists pairs every method answering a *Page[T] with an All iterator over
// the same parameters, and every All iterator with its page method.
func (c *checker) lists(t *Type) {
	pages := map[string]string{} // All name → page method name
	for _, m := range sortedKeys(t.Methods) {
		f := t.Methods[m]
		if !ast.IsExported(m) {
			continue
		}
		params, res := splitSig(f.Sig)
		elem, paged := strings.CutPrefix(res, "(*Page[")
		if paged {
			elem = strings.TrimSuffix(elem, "], error)")
			all := "All" + strings.TrimPrefix(m, "List")
			pages[all] = m
			a := t.Methods[all]
			want := params + " iter.Seq2[" + elem + ", error]"
			switch {
			case a == nil:
				c.add(t.Name+"."+all, "missing: %s pages, want func %s%s walking every page", m, all, want)
			case a.Sig != want:
				c.shape(t.Name+"."+all, "signature %s, want %s (the parameters of %s)", a.Sig, want, m)
			}
		}
	}
	for _, m := range sortedKeys(t.Methods) {
		if strings.HasPrefix(m, "All") && pages[m] == "" {
			c.add(t.Name+"."+m, "an All iterator without a page method (List… returning *Page[T]): a list answered at once is List(…) ([]T, error) and no All")
		}
	}
}

// splitSig splits "(a, b) (c, d)" into "(a, b)" and "(c, d)".
func splitSig(sig string) (params, results string) {
	depth := 0
	for i, r := range sig {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
			if depth == 0 && r == ')' {
				return sig[:i+1], strings.TrimSpace(sig[i+1:])
			}
		}
	}
	return sig, ""
}

// statuses checks the stripe-go style vocabulary: XStatus string types,
// XStatus* constants, and X.Normalized, all in status.go.
func (c *checker) statuses(p *Package) {
	statusTypes := map[string]bool{}
	for _, n := range exportedKeys(p.Types) {
		t := p.Types[n]
		if !strings.HasSuffix(n, "Status") || n == "Status" || t.File == "" {
			continue
		}
		statusTypes[n] = true
		if t.Underlying != "string" {
			c.shape(n, "declared as %s, want type %s string", t.Underlying, n)
		}
		if t.File != "status.go" {
			c.shape(n, "declared in %s, want status.go", t.File)
		}
		model := strings.TrimSuffix(n, "Status")
		if m := p.Types[model]; m == nil || !m.Struct {
			c.add(n, "no model %s: a status type is named <Model>Status", model)
		}
	}
	for _, n := range exportedKeys(p.Consts) {
		v := p.Consts[n]
		for st := range statusTypes {
			if strings.HasPrefix(n, st) && len(n) > len(st) && v.Type != st {
				c.shape(n, "named like a %s constant but of type %q: want %s", st, v.Type, st)
			}
		}
		if statusTypes[v.Type] {
			if !strings.HasPrefix(n, v.Type) {
				c.add(n, "a %s constant is named %s<Value>", v.Type, v.Type)
			}
			if v.File != "status.go" {
				c.shape(n, "declared in %s, want status.go", v.File)
			}
		}
	}
	for _, n := range exportedKeys(p.Types) {
		t := p.Types[n]
		if !t.Struct || t.File == "" {
			continue
		}
		for _, f := range t.Fields {
			if f.Name != "Status" {
				continue
			}
			if strings.HasSuffix(n, "Params") {
				// A filter or a simulation names a status of some model.
				if !statusTypes[f.Type] {
					c.shape(n+".Status", "field of type %s, want one of the package's <Model>Status types", f.Type)
				}
				continue
			}
			if f.Type != n+"Status" || !statusTypes[f.Type] {
				c.shape(n+".Status", "field of type %s, want %sStatus (a named string type in status.go)", f.Type, n)
			}
			if t.Methods["Normalized"] == nil {
				c.add(n+".Normalized", "missing: a status-bearing model has func (x *%s) Normalized() payments.Status in status.go", n)
			}
		}
		if m := t.Methods["Normalized"]; m != nil {
			switch {
			case m.Sig != "() payments.Status":
				c.shape(n+".Normalized", "signature %s, want () payments.Status", m.Sig)
			case !m.Pointer:
				c.shape(n+".Normalized", "on the value receiver, want the pointer receiver")
			case m.File != "status.go":
				c.shape(n+".Normalized", "declared in %s, want status.go", m.File)
			}
		}
	}
}

// eventOrder is the order of Event's fields; "*" stands for the object
// pointers.
var eventOrder = []Field{
	{Name: "ID", Type: "string"}, {Name: "Type", Type: "EventType"}, {Name: "Kind", Type: "EventKind"},
	{Name: "*"}, {Name: "BodyAuthenticated", Type: "bool"}, {Name: "SignatureCovers", Type: "string"},
	{Name: "ReceivedAt", Type: "time.Time"}, {Name: "Raw", Type: "json.RawMessage"},
}

func (c *checker) events(p *Package) {
	for _, n := range []string{"EventKind", "EventType"} {
		if t := c.typ(p, n); t != nil && t.Underlying != "string" {
			c.shape(n, "declared as %s, want type %s string", t.Underlying, n)
		}
	}
	for _, n := range exportedKeys(p.Consts) {
		v := p.Consts[n]
		switch {
		case v.Type == "EventKind" && !strings.HasPrefix(n, "Kind"):
			c.add(n, "an EventKind constant is named Kind<Object>")
		case v.Type == "EventType" && !strings.HasPrefix(n, "Event"):
			c.add(n, "an EventType constant is named Event<Name>")
		case strings.HasPrefix(n, "Kind") && v.Type != "EventKind":
			c.shape(n, "a Kind constant of type %q, want EventKind", v.Type)
		case strings.HasPrefix(n, "Event") && v.Type != "EventType":
			c.shape(n, "an Event constant of type %q, want EventType", v.Type)
		}
	}
	t := c.typ(p, "Event")
	if t == nil {
		return
	}
	c.method(t, "DedupeKey", "() string", nil)
	c.method(t, "ObjectID", "() string", nil)
	// pos is each known field's place in eventOrder; an object pointer
	// takes the place of "*".
	pos := func(f Field) int {
		for i, o := range eventOrder {
			if o.Name == f.Name || (o.Name == "*" && strings.HasPrefix(f.Type, "*")) {
				return i
			}
		}
		return -1
	}
	last, lastName := -1, ""
	seen := map[string]bool{}
	for _, f := range t.Fields {
		i := pos(f)
		if i < 0 {
			continue
		}
		seen[eventOrder[i].Name] = true
		if o := eventOrder[i]; o.Name != "*" && f.Type != o.Type {
			c.shape("Event."+f.Name, "field of type %s, want %s", f.Type, o.Type)
		}
		if i < last {
			c.shape("Event."+f.Name, "field after %s: want the order ID, Type, Kind, the object pointers, BodyAuthenticated, SignatureCovers, ReceivedAt, Raw", lastName)
		}
		last, lastName = i, f.Name
	}
	for _, o := range eventOrder {
		if !seen[o.Name] && o.Name != "ID" && o.Name != "*" {
			c.add("Event."+o.Name, "missing: want field %s %s", o.Name, o.Type)
		}
	}
}

// CheckSandbox applies §3's per-package rules to a sandbox <p>test; kit is
// the shared machinery (internal/sandboxkit) whose Kit methods the Server
// forwards.
func CheckSandbox(p, kit *Package) []Violation {
	c := &checker{pkg: p.Name}
	c.fn(p, "NewServer", sigNewServer, "")
	t := c.typ(p, "Server")
	if t == nil {
		return c.out
	}
	for _, m := range sortedKeys(serverMethods) {
		if f := t.Methods[m]; f != nil && f.Sig != serverMethods[m] {
			c.shape("Server."+m, "signature %s, want %s", f.Sig, serverMethods[m])
		}
	}
	for _, m := range []string{"Payouts", "Withdrawals"} {
		if t.Methods[m] != nil {
			c.add("Server."+m, "a payout counter is named PayoutsMade() int")
		}
	}
	for _, f := range t.Fields {
		if f.Embedded {
			c.shape("Server."+embeddedName(f.Name), "embedded field: go doc does not list its methods; keep it in an unexported field and forward in kit.go")
		}
	}
	var kt *Type
	if kit != nil {
		kt = kit.Types["Kit"]
	}
	for _, m := range KitMethods {
		want := "?"
		if kt != nil && kt.Methods[m] != nil {
			want = qualify(kt.Methods[m].Sig, kit, "sandboxkit")
		}
		f := c.method(t, m, want, nil)
		if f != nil && f.File != "kit.go" {
			c.shape("Server."+m, "declared in %s, want kit.go", f.File)
		}
	}
	if v := p.Vars["ErrInvalidState"]; v == nil || !v.Sentinel {
		c.add("ErrInvalidState", "missing: want the error sentinel ErrInvalidState")
	}
	if p.Vars["ErrState"] != nil {
		c.add("ErrState", "the invalid-state sentinel is named ErrInvalidState")
	}
	for _, n := range exportedKeys(p.Vars) {
		if v := p.Vars[n]; !v.Sentinel || !strings.HasPrefix(n, "Err") {
			c.add(n, "exported mutable package variable: want a constant or a function returning a fresh copy")
		}
	}
	c.files(p, []string{"kit.go"})
	return c.out
}

// qualify prefixes the exported local type names of pkg in sig with name.
func qualify(sig string, pkg *Package, name string) string {
	var b strings.Builder
	word := func(w string) {
		if t := pkg.Types[w]; t != nil && ast.IsExported(w) {
			b.WriteString(name + ".")
		}
		b.WriteString(w)
	}
	start := -1
	for i, r := range sig {
		ident := r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if ident && start < 0 {
			start = i
		}
		if !ident && start >= 0 {
			word(sig[start:i])
			start = -1
		}
		if !ident {
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		word(sig[start:])
	}
	return b.String()
}

// snake turns CoinWithdrawals into coin_withdrawals.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// embeddedName is the field name of an embedded type: Kit for *sandboxkit.Kit.
func embeddedName(typ string) string {
	typ = strings.TrimPrefix(typ, "*")
	if i := strings.LastIndexByte(typ, '.'); i >= 0 {
		typ = typ[i+1:]
	}
	return typ
}
