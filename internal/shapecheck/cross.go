package shapecheck

import (
	"path/filepath"
	"sort"
	"strings"
)

// Providers are the provider packages, in the order reports list them.
var Providers = []string{"cryptochill", "cryptoprocessing", "gateway", "cryptopay", "channels"}

// shapeTypes are the provider types every provider is expected to have:
// their presence, their exported methods and (for Config and Event) their
// fields are compared across providers. Other types are the provider's own
// resources and models: their names are not compared (a model one provider
// has is not drift), but their members follow the per-package rules.
var shapeTypes = []string{
	"Client", "Config", "Event", "EventKind", "EventType", "Adapter", "AdapterOptions", "WebhooksService", "Page",
}

// serviceVocabulary are the service method names compared across the
// providers that have a service of the same name (InvoicesService.Get in
// one and not in another is drift; InvoicesService.Recalculate is the
// provider's own endpoint).
var serviceVocabulary = []string{"Get", "FindByReference", "List", "All", "Create"}

// Names is the part of a package's exported surface the cross-package rule
// compares, each name with what it is (its signature or type), so that two
// packages can be told apart by a name or by its shape.
func Names(p *Package) map[string]string {
	out := map[string]string{}
	for _, n := range exportedKeys(p.Funcs) {
		out[n] = "func" + p.Funcs[n].Sig
	}
	for _, n := range exportedKeys(p.Vars) {
		out[n] = "var " + p.Vars[n].Type
	}
	if p.Sandbox {
		// A sandbox's whole surface is the shape: every name is compared.
		for _, n := range exportedKeys(p.Consts) {
			out[n] = "const " + p.Consts[n].Type
		}
		for _, n := range exportedKeys(p.Types) {
			t := p.Types[n]
			if t.File == "" {
				continue
			}
			out[n] = "type " + t.Underlying
			members(out, t, true)
		}
		return out
	}
	for _, n := range exportedKeys(p.Consts) {
		if strings.HasSuffix(n, "BaseURL") || strings.HasSuffix(n, "Covers") || n == "ProviderName" {
			out[n] = "const " + p.Consts[n].Type
		}
	}
	for _, n := range shapeTypes {
		t := p.Types[n]
		if t == nil || t.File == "" {
			continue
		}
		out[n] = "type " + t.Underlying
		members(out, t, n == "Config" || n == "Event")
	}
	for _, n := range exportedKeys(p.Types) {
		t := p.Types[n]
		if !strings.HasSuffix(n, "Service") || n == "WebhooksService" || t.File == "" {
			continue
		}
		for _, m := range serviceVocabulary {
			if f := t.Methods[m]; f != nil {
				out[n+"."+m] = "func" + f.Sig
			}
		}
	}
	return out
}

// members adds t's exported methods and, with fields, its exported
// non-pointer fields (an Event's object pointers are the provider's
// objects, not its shape).
func members(out map[string]string, t *Type, fields bool) {
	for _, m := range exportedKeys(t.Methods) {
		out[t.Name+"."+m] = "func" + t.Methods[m].Sig
	}
	if !fields {
		return
	}
	for _, f := range t.Fields {
		if !f.Embedded && isExported(f.Name) && !(t.Name == "Event" && strings.HasPrefix(f.Type, "*")) {
			out[t.Name+"."+f.Name] = f.Type
		}
	}
}

func isExported(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// Cross compares the names of a group of packages (the five providers, or
// the five sandboxes). A name that some have and others lack is reported on
// the smaller side: on each package that has it when fewer have it, on each
// package that lacks it otherwise (a tie reports the ones that lack it).
// So any change of which packages have a name changes the report. A name
// whose scope is a service (InvoicesService.Get) is compared among the
// packages that have that service. A name all have but with different
// shapes is reported on the packages whose shape differs from the most
// common one (all of them on a tie), unless a per-package rule already
// fixes that shape.
func Cross(pkgs []*Package) []Violation {
	names := make([]map[string]string, len(pkgs))
	all := map[string]bool{}
	for i, p := range pkgs {
		names[i] = Names(p)
		for n := range names[i] {
			all[n] = true
		}
	}
	var out []Violation
	for _, n := range sortedKeys(all) {
		var have, lack []int
		for i, p := range pkgs {
			if scope, _, ok := strings.Cut(n, "."); ok && strings.HasSuffix(scope, "Service") && scope != "WebhooksService" {
				if t := p.Types[scope]; t == nil || t.File == "" {
					continue // no such service here: nothing to compare
				}
			}
			if _, ok := names[i][n]; ok {
				have = append(have, i)
			} else {
				lack = append(lack, i)
			}
		}
		if len(have) < len(lack) {
			for _, i := range have {
				out = append(out, Violation{Pkg: pkgs[i].Name, Name: n, Msg: "only " + list(pkgs, have) + " " + verb(have) + " " + n + ": " + list(pkgs, lack) + " " + lackVerb(lack) + " it"})
			}
		} else {
			for _, i := range lack {
				out = append(out, Violation{Pkg: pkgs[i].Name, Name: n, Msg: "missing " + n + ", which " + list(pkgs, have) + " " + verb(have)})
			}
		}
		if len(have) > 1 && !fixedShape(n) {
			out = append(out, shapes(pkgs, names, have, n)...)
		}
	}
	return out
}

// fixedShape reports whether a per-package rule fixes n's shape already.
func fixedShape(n string) bool {
	if _, ok := serverMethods[strings.TrimPrefix(n, "Server.")]; ok && strings.HasPrefix(n, "Server.") {
		return true
	}
	for _, m := range KitMethods {
		if n == "Server."+m {
			return true
		}
	}
	switch n {
	case "New", "NewAdapter", "NewServer", "SignTestWebhook", "Client.BaseURL", "Client.Format", "Config.Format",
		"Config.WebhookSecret", "Config.PreviousWebhookSecrets", "Event.DedupeKey", "Event.ObjectID":
		return true
	}
	if strings.HasPrefix(n, "WebhooksService.") || strings.HasPrefix(n, "Event.") {
		return true
	}
	// A service method's parameters and answer are the provider's own
	// models; the lookup and list rules fix what they must look like.
	scope, _, ok := strings.Cut(n, ".")
	return ok && strings.HasSuffix(scope, "Service")
}

func shapes(pkgs []*Package, names []map[string]string, have []int, n string) []Violation {
	count := map[string]int{}
	for _, i := range have {
		count[names[i][n]]++
	}
	if len(count) < 2 {
		return nil
	}
	best, tie := "", false
	for s, k := range count {
		switch {
		case k > count[best] || best == "":
			best, tie = s, false
		case k == count[best]:
			tie = true
		}
	}
	var out []Violation
	for _, i := range have {
		if s := names[i][n]; tie || s != best {
			out = append(out, Violation{Pkg: pkgs[i].Name, Name: n, Msg: "is " + s + " here, " + mostly(count, s), Shape: true})
		}
	}
	return out
}

func mostly(count map[string]int, not string) string {
	var others []string
	for s := range count {
		if s != not {
			others = append(others, s)
		}
	}
	sort.Strings(others)
	return "elsewhere " + strings.Join(others, " or ")
}

func list(pkgs []*Package, idx []int) string {
	var s []string
	for _, i := range idx {
		s = append(s, pkgs[i].Name)
	}
	return strings.Join(s, ", ")
}

func verb(idx []int) string {
	if len(idx) == 1 {
		return "has"
	}
	return "have"
}

func lackVerb(idx []int) string {
	if len(idx) == 1 {
		return "lacks"
	}
	return "lack"
}

// Check loads the five provider packages and their sandboxes from the
// module rooted at root and returns every violation, per-package rules
// first, then the cross-package comparison, each group in Providers order.
func Check(root string) ([]Violation, error) {
	provs, boxes, kit, err := Load(root)
	if err != nil {
		return nil, err
	}
	return CheckPackages(provs, boxes, kit), nil
}

// Load reads the provider packages, their sandboxes and the shared sandbox
// kit (internal/sandboxkit) from the module rooted at root.
func Load(root string) (provs, boxes []*Package, kit *Package, err error) {
	kit, err = LoadPackage(root, "internal/sandboxkit", "")
	if err != nil {
		return nil, nil, nil, err
	}
	for _, pr := range Providers {
		p, err := LoadPackage(root, pr, pr)
		if err != nil {
			return nil, nil, nil, err
		}
		s, err := LoadPackage(root, filepath.ToSlash(filepath.Join(pr, pr+"test")), pr)
		if err != nil {
			return nil, nil, nil, err
		}
		provs, boxes = append(provs, p), append(boxes, s)
	}
	return provs, boxes, kit, nil
}

// CheckPackages is Check over packages already loaded (or built by hand:
// the tests change one package's model and watch the report change).
func CheckPackages(provs, boxes []*Package, kit *Package) []Violation {
	var out []Violation
	for _, p := range provs {
		out = append(out, CheckProvider(p)...)
	}
	for _, s := range boxes {
		out = append(out, CheckSandbox(s, kit)...)
	}
	out = append(out, Cross(provs)...)
	out = append(out, Cross(boxes)...)
	return out
}
