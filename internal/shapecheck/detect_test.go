package shapecheck

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixture loads testdata/alpha, a fake provider with the whole shape and
// nothing else, five times over (p1…p5 and p1test…p5test), so that one
// copy can be changed and the report watched. The kit whose methods the
// fake sandboxes forward is the real one, internal/sandboxkit.
func fixture(t *testing.T) (provs, boxes []*Package, kit *Package) {
	t.Helper()
	kit, err := LoadPackage("../..", "internal/sandboxkit", "")
	require.NoError(t, err)
	for i := 1; i <= 5; i++ {
		p, err := LoadPackage("testdata", "alpha", "alpha")
		require.NoError(t, err)
		s, err := LoadPackage("testdata", "alpha/alphatest", "alpha")
		require.NoError(t, err)
		p.Name, s.Name = fmt.Sprintf("p%d", i), fmt.Sprintf("p%dtest", i)
		provs, boxes = append(provs, p), append(boxes, s)
	}
	return provs, boxes, kit
}

func TestFixtureHasTheShape(t *testing.T) {
	t.Parallel()
	provs, boxes, kit := fixture(t)
	assert.Empty(t, CheckPackages(provs, boxes, kit), "testdata/alpha is the shape of PROVIDER.md §3: nothing to report")
}

func rename[V any](m map[string]V, from, to string) {
	m[to] = m[from]
	delete(m, from)
}

// TestShapeReportsAChange changes one provider package or one sandbox of
// the fixture and wants the change reported, on that package and under
// that name, and not excused by empty tables: TestPackageShape fails on it.
func TestShapeReportsAChange(t *testing.T) {
	t.Parallel()
	type key struct{ pkg, name string }
	cases := []struct {
		name   string
		change func(provs, boxes []*Package)
		want   []key
	}{
		{"a provider gains a function", func(p, _ []*Package) {
			p[1].Funcs["ExtraHelper"] = &Func{Name: "ExtraHelper", File: "client.go", Sig: "()"}
		}, []key{{"p2", "ExtraHelper"}}},
		{"a provider loses a function", func(p, _ []*Package) {
			delete(p[2].Funcs, "NewWebhookVerifier")
		}, []key{{"p3", "NewWebhookVerifier"}}},
		{"a provider renames a lookup", func(p, _ []*Package) {
			rename(p[3].Types["InvoicesService"].Methods, "FindByReference", "ByReference")
		}, []key{{"p4", "InvoicesService.FindByReference"}}},
		{"a provider renames Client.BaseURL", func(p, _ []*Package) {
			rename(p[0].Types["Client"].Methods, "BaseURL", "URL")
		}, []key{{"p1", "Client.BaseURL"}, {"p1", "Client.URL"}}},
		{"a provider renames the webhook secret", func(p, _ []*Package) {
			p[4].Types["Config"].Fields[2].Name = "CallbackSecret"
		}, []key{{"p5", "Config.WebhookSecret"}, {"p5", "Config.CallbackSecret"}}},
		{"a provider renames its base URL", func(p, _ []*Package) {
			rename(p[0].Consts, "ProductionBaseURL", "DefaultBaseURL")
		}, []key{{"p1", "ProductionBaseURL"}, {"p1", "DefaultBaseURL"}}},
		{"a provider gains a mutable variable", func(p, _ []*Package) {
			p[1].Vars["InvoiceStatuses"] = &Value{Name: "InvoiceStatuses", File: "status.go", Type: "[]string"}
		}, []key{{"p2", "InvoiceStatuses"}}},
		{"a provider exports its status mapping", func(p, _ []*Package) {
			p[2].Funcs["NormalizeStatus"] = &Func{Name: "NormalizeStatus", File: "status.go", Sig: "(string) payments.Status"}
		}, []key{{"p3", "NormalizeStatus"}}},
		{"a provider types a status as a bare string", func(p, _ []*Package) {
			p[3].Types["Invoice"].Fields[1].Type = "string"
		}, []key{{"p4", "Invoice.Status"}}},
		{"a provider leaves a status constant untyped", func(p, _ []*Package) {
			p[0].Consts["InvoiceStatusPaid"].Type = ""
		}, []key{{"p1", "InvoiceStatusPaid"}}},
		{"a provider maps a status outside status.go", func(p, _ []*Package) {
			p[3].Types["Invoice"].Methods["Normalized"].File = "invoices.go"
		}, []key{{"p4", "Invoice.Normalized"}}},
		{"a provider exports a second callback signer", func(p, _ []*Package) {
			p[4].Funcs["SignCallback"] = &Func{Name: "SignCallback", File: "testwebhook.go", Sig: "(string, []byte) string"}
		}, []key{{"p5", "SignCallback"}}},
		{"a provider changes SignTestWebhook", func(p, _ []*Package) {
			p[0].Funcs["SignTestWebhook"].Sig = "(string, []byte) (string, error)"
		}, []key{{"p1", "SignTestWebhook"}}},
		{"a provider prints a service", func(p, _ []*Package) {
			p[1].Types["InvoicesService"].Methods["Format"] = &Func{Name: "Format", File: "invoices.go", Sig: sigFormat, Pointer: true}
		}, []key{{"p2", "InvoicesService.Format"}}},
		{"a provider prints its client by value", func(p, _ []*Package) {
			p[2].Types["Client"].Methods["Format"].Pointer = false
		}, []key{{"p3", "Client.Format"}}},
		{"a provider pages without All", func(p, _ []*Package) {
			delete(p[3].Types["InvoicesService"].Methods, "All")
		}, []key{{"p4", "InvoicesService.All"}}},
		{"a provider moves the Event's ReceivedAt", func(p, _ []*Package) {
			f := p[4].Types["Event"].Fields
			f[6], f[7] = f[7], f[6]
		}, []key{{"p5", "Event.ReceivedAt"}}},
		{"a provider keeps a reference.go and loses settle.go", func(p, _ []*Package) {
			p[0].Files = append(slices.DeleteFunc(p[0].Files, func(f string) bool { return f == "settle.go" }), "reference.go")
		}, []key{{"p1", "reference.go"}, {"p1", "settle.go"}}},
		{"a provider's adapter constructor cannot fail", func(p, _ []*Package) {
			p[1].Funcs["NewAdapter"].Sig = "(*Client, AdapterOptions) *Adapter"
		}, []key{{"p2", "NewAdapter"}}},
		{"a provider drops the shared nil-client test", func(p, _ []*Package) {
			delete(p[2].TestUses, "paymentstest.NilClient")
		}, []key{{"p3", "NilClient"}}},
		{"a sandbox gains a method", func(_, b []*Package) {
			b[1].Types["Server"].Methods["Extra"] = &Func{Name: "Extra", File: "server.go", Sig: "()", Pointer: true}
		}, []key{{"p2test", "Server.Extra"}}},
		{"a sandbox loses a method", func(_, b []*Package) {
			delete(b[2].Types["Server"].Methods, "HoldPayout")
		}, []key{{"p3test", "Server.HoldPayout"}}},
		{"a sandbox renames its payout counter", func(_, b []*Package) {
			rename(b[3].Types["Server"].Methods, "PayoutsMade", "Payouts")
		}, []key{{"p4test", "Server.PayoutsMade"}, {"p4test", "Server.Payouts"}}},
		{"a sandbox changes a signature", func(_, b []*Package) {
			b[4].Types["Server"].Methods["PayDeposit"].Sig = "(string, decimal.Decimal) (string, string, error)"
		}, []key{{"p5test", "Server.PayDeposit"}}},
		{"a sandbox embeds the kit again", func(_, b []*Package) {
			b[0].Types["Server"].Fields = append(b[0].Types["Server"].Fields, Field{Name: "*sandboxkit.Kit", Type: "*sandboxkit.Kit", Embedded: true})
		}, []key{{"p1test", "Server.Kit"}}},
		{"a sandbox forwards outside kit.go", func(_, b []*Package) {
			b[1].Types["Server"].Methods["Advance"].File = "server.go"
		}, []key{{"p2test", "Server.Advance"}}},
		{"a sandbox renames ErrInvalidState", func(_, b []*Package) {
			rename(b[2].Vars, "ErrInvalidState", "ErrState")
		}, []key{{"p3test", "ErrInvalidState"}, {"p3test", "ErrState"}}},
		{"a sandbox gains an option", func(_, b []*Package) {
			b[3].Types["Options"].Fields = append(b[3].Types["Options"].Fields, Field{Name: "CallbackToken", Type: "string"})
		}, []key{{"p4test", "Options.CallbackToken"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			provs, boxes, kit := fixture(t)
			tc.change(provs, boxes)
			vs := CheckPackages(provs, boxes, kit)
			var got []key
			for _, v := range vs {
				got = append(got, key{v.Pkg, v.Name})
			}
			for _, w := range tc.want {
				assert.Contains(t, got, w, "findings: %v", vs)
			}
			verdicts, stale := judge(vs, nil, nil)
			assert.Empty(t, stale)
			require.NotEmpty(t, verdicts)
			for _, d := range verdicts {
				assert.Empty(t, d.reason, "%s: nothing excuses it, so TestPackageShape fails", d.v)
			}
		})
	}
}

// TestShapeOnTheTreeReportsAChange changes the model of the real packages
// in memory and wants a finding that today's report does not have.
func TestShapeOnTheTreeReportsAChange(t *testing.T) {
	t.Parallel()
	provs, boxes, kit, err := Load("../..")
	require.NoError(t, err)
	before := map[Violation]bool{}
	for _, v := range CheckPackages(provs, boxes, kit) {
		before[v] = true
	}
	delete(provs[0].Funcs, "SignTestWebhook")
	boxes[2].Types["Server"].Methods["ExtraControl"] = &Func{Name: "ExtraControl", File: "control.go", Sig: "() error", Pointer: true}
	var added []string
	for _, v := range CheckPackages(provs, boxes, kit) {
		if !before[v] {
			added = append(added, v.Pkg+" "+v.Name)
		}
	}
	assert.Contains(t, added, "cryptochill SignTestWebhook")
	assert.Contains(t, added, "gatewaytest Server.ExtraControl")
}

// TestJudge: a documented difference and a pending entry excuse their
// finding only; an entry that excuses nothing is stale.
func TestJudge(t *testing.T) {
	t.Parallel()
	vs := []Violation{{Pkg: "a", Name: "X"}, {Pkg: "a", Name: "Y"}, {Pkg: "b", Name: "X"}, {Pkg: "a", Name: "X", Shape: true}, {Pkg: "b", Name: "X", Shape: true}}
	verdicts, stale := judge(vs,
		map[string]map[string]string{"a": {"X": "why", "Gone": "was different"}},
		map[string][]string{"b": {"X", "X (shape)", "Done"}})
	require.Len(t, verdicts, 5)
	assert.Equal(t, "documented: why", verdicts[0].reason)
	assert.Empty(t, verdicts[1].reason, "a Y is excused by nothing")
	assert.Equal(t, "pending migration", verdicts[2].reason)
	assert.Empty(t, verdicts[3].reason, "excusing a name does not excuse its shape")
	assert.Equal(t, "pending migration", verdicts[4].reason)
	assert.Equal(t, []string{
		`documentedDifferences["a"]["Gone"]: no longer differs, delete it`,
		`pendingMigration["b"] "Done": migrated, delete it`,
	}, stale)
}
