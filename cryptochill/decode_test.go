package cryptochill

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const numericUUID = "1234e567-0000-4000-8000-000000000000"

// A reference, id or address made of digits and "e" is a string: payouts
// stay resolvable, pages readable and callbacks accepted.
func TestNumericLookingStringsAreStrings(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	payout := func(id, ref string) string {
		return `{"id":"` + id + `","reference_id":"` + ref + `","passthrough":"12e45678","status":"complete",` +
			`"created_at":"2019-02-11T03:04:51+00:00","amount":{"total":"0.001","network_fee":"1e-08"},` +
			`"recipients":[{"id":"12e45678","address":"` + numericUUID + `","amount":{"requested":{"amount":"0.001","currency":"BTC"}}}]}`
	}
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", func(r *http.Request) (*http.Response, error) {
		signedPayload(t, r)
		ref := r.URL.Query().Get("reference_id")
		return httpmock.NewStringResponse(200, listBody(payout(numericUUID, ref))), nil
	})
	for _, ref := range []string{"12e45678", numericUUID} {
		po, err := c.Payouts.FindByReference(t.Context(), ref)
		require.NoError(t, err, ref)
		assert.Equal(t, ref, po.ReferenceID)
		assert.Equal(t, numericUUID, po.ID)
		assert.Equal(t, "12e45678", po.Passthrough)
		assert.Equal(t, "0.00000001", po.Amount.NetworkFee.String())
		require.Len(t, po.Recipients, 1)
		assert.Equal(t, numericUUID, po.Recipients[0].Address)
	}
	page, err := c.Payouts.List(t.Context(), &PayoutListParams{ReferenceID: "12e45678"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)

	v := NewWebhookVerifier(testToken)
	for _, id := range []string{"12e45678", numericUUID} {
		inv := `{"id":"` + id + `","status":"complete","passthrough":"12e45678","address":"` + numericUUID + `",` +
			`"amount":{"paid":{"amount":"0.5","currency":"BTC"}}}`
		body := `{"callback_id":"` + id + `","callback_status":"invoice_complete","signature":"` + signCallback(testToken, id) + `","invoice":` + inv + `}`
		ev, err := v.ParseBody([]byte(body), nil)
		require.NoError(t, err, id)
		assert.Equal(t, id, ev.ID)
		require.NotNil(t, ev.Invoice)
		assert.Equal(t, id, ev.Invoice.ID)
		assert.Equal(t, numericUUID, ev.Invoice.Address)
		assert.Equal(t, inv, string(ev.Invoice.Raw), "Raw is the object as received")
	}
}

// A million-digit amount, quoted or not, is refused before any parsing:
// through a callback (unauthenticated input) and through a list page.
func TestHugeAmountsRefusedCheaply(t *testing.T) {
	// not parallel: AllocatedBy reads the process-wide allocation count, which a
	// test running beside this one would add to.
	v := NewWebhookVerifier(testToken)
	c, mt := newTestClient(t)
	for name, amount := range providertest.HugeAmounts() {
		inv := `{"id":"i1","status":"complete","amount":{"paid":{"amount":` + amount + `,"currency":"BTC"}}}`
		body := []byte(`{"callback_id":"cb1","callback_status":"invoice_complete","signature":"` + signCallback(testToken, "cb1") + `","invoice":` + inv + `}`)
		allocated := providertest.AllocatedBy(func() {
			_, err := v.ParseBody(body, nil)
			require.ErrorIs(t, err, payments.ErrMalformed, name)
			assert.ErrorIs(t, err, decjson.ErrHostileNumber, name)
		})
		assert.Less(t, allocated, uint64(16<<20), "callback with a %s amount allocated %d bytes", name, allocated)

		mt.RegisterResponder("GET", testBase+"/v1/invoices/", httpmock.NewStringResponder(200, listBody(inv)))
		allocated = providertest.AllocatedBy(func() {
			_, err := c.Invoices.List(t.Context(), nil)
			require.ErrorIs(t, err, payments.ErrMalformed, name)
		})
		// The response body itself (1 MB) is read and kept for the error.
		assert.Less(t, allocated, uint64(32<<20), "page with a %s amount allocated %d bytes", name, allocated)
	}
}

// Exponent-form amounts decode exactly, as numbers and as strings.
func TestExponentAmountsExact(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	body := `{"result":{"id":"i1","amount":{"requested":{"amount":3.708847905797581e-05,"currency":"BTC"},` +
		`"invoiced":{"amount":"1e-08","currency":"BTC","rate_usd":"6.5E+4","quotes":{"USD":1e-2}},` +
		`"paid":{"amount":"0.00000001","currency":"BTC"}},"transactions":[{"id":"t","amount":1E-8}]}}`
	mt.RegisterResponder("GET", testBase+"/v1/invoices/i1/", httpmock.NewStringResponder(200, body))
	inv, err := c.Invoices.Get(t.Context(), "i1")
	require.NoError(t, err)
	assert.Equal(t, "0.00003708847905797581", inv.Amount.Requested.Amount.String())
	assert.Equal(t, "0.00000001", inv.Amount.Invoiced.Amount.String())
	assert.Equal(t, "65000", inv.Amount.Invoiced.RateUSD.String())
	assert.Equal(t, "0.01", inv.Amount.Invoiced.Quotes["USD"].String())
	assert.Equal(t, inv.Amount.Invoiced.Amount.String(), inv.Amount.Paid.Amount.String())
	assert.Equal(t, "0.00000001", inv.Transactions[0].Amount.String())
	assert.Equal(t, body[len(`{"result":`):len(body)-1], string(inv.Raw))
}

// Every decimal a model holds is decoded under the guard: for each path to
// a decimal.Decimal in each model, a hostile value there is refused.
func TestEveryModelDecimalIsGuarded(t *testing.T) {
	t.Parallel()
	models := map[string]func(raw []byte) error{
		"Invoice":             func(raw []byte) error { return decodeInto(raw, new(Invoice)) },
		"Transaction":         func(raw []byte) error { return decodeInto(raw, new(Transaction)) },
		"Payout":              func(raw []byte) error { return decodeInto(raw, new(Payout)) },
		"Conversion":          func(raw []byte) error { return decodeInto(raw, new(Conversion)) },
		"AutomaticConversion": func(raw []byte) error { return decodeInto(raw, new(AutomaticConversion)) },
		"AutomaticPayout":     func(raw []byte) error { return decodeInto(raw, new(AutomaticPayout)) },
		"Rate":                func(raw []byte) error { return decodeInto(raw, new(Rate)) },
		"Wallet":              func(raw []byte) error { return decodeInto(raw, new(Wallet)) },
		"Account":             func(raw []byte) error { return decodeInto(raw, new(Account)) },
		"Profile":             func(raw []byte) error { return decodeInto(raw, new(Profile)) },
	}
	types := map[string]reflect.Type{
		"Invoice": reflect.TypeFor[Invoice](), "Transaction": reflect.TypeFor[Transaction](), "Payout": reflect.TypeFor[Payout](),
		"Conversion": reflect.TypeFor[Conversion](), "AutomaticConversion": reflect.TypeFor[AutomaticConversion](),
		"AutomaticPayout": reflect.TypeFor[AutomaticPayout](), "Rate": reflect.TypeFor[Rate](), "Wallet": reflect.TypeFor[Wallet](),
		"Account": reflect.TypeFor[Account](), "Profile": reflect.TypeFor[Profile](),
	}
	total := 0
	for name, decode := range models {
		for _, path := range decimalPaths(types[name], 0) {
			total++
			for _, hostile := range []string{`"1e999999999"`, strings.Repeat("1", 5000)} {
				raw := []byte(path(hostile))
				err := decode(raw)
				assert.ErrorIs(t, err, decjson.ErrHostileNumber, "%s %s", name, raw[:min(len(raw), 120)])
			}
			good := []byte(path(`"1e-08"`))
			assert.NoError(t, decode(good), "%s %s", name, good)
		}
	}
	assert.Greater(t, total, 20, "the walk found the models' decimals")
}

var decimalType = reflect.TypeFor[decimal.Decimal]()

// decimalPaths returns, for each way to reach a decimal.Decimal in t, a
// function that writes the JSON placing a value there (other fields absent).
func decimalPaths(t reflect.Type, depth int) []func(v string) string {
	if depth > 4 {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return decimalPaths(t.Elem(), depth)
	case reflect.Slice:
		var out []func(string) string
		for _, p := range decimalPaths(t.Elem(), depth+1) {
			out = append(out, func(v string) string { return "[" + p(v) + "]" })
		}
		return out
	case reflect.Map:
		var out []func(string) string
		for _, p := range decimalPaths(t.Elem(), depth+1) {
			out = append(out, func(v string) string { return `{"K":` + p(v) + "}" })
		}
		return out
	case reflect.Struct:
		if t == decimalType {
			return []func(string) string{func(v string) string { return v }}
		}
		var out []func(string) string
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || tag == "-" {
				continue
			}
			if tag == "" {
				tag = f.Name
			}
			for _, p := range decimalPaths(f.Type, depth+1) {
				out = append(out, func(v string) string { return `{"` + tag + `":` + p(v) + "}" })
			}
		}
		return out
	}
	return nil
}

func TestRawIsASliceOfTheBody(t *testing.T) {
	t.Parallel()
	body := []byte(listBody(`{"id":"a","amount":{"paid":{"amount":"1","currency":"BTC"}}}`, ` {"id":"b"} `))
	p, err := decodeInvoicePage(body)
	require.NoError(t, err)
	require.Len(t, p.Items, 2)
	assert.Equal(t, `{"id":"b"}`, string(p.Items[1].Raw))
	// The same memory as the body: no copy.
	start := strings.Index(string(body), `{"id":"a"`)
	assert.Same(t, &body[start], &p.Items[0].Raw[0])
	assert.Equal(t, 1, p.Pagination.NumPages)
}

func TestEnvelopeWithoutResult(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{}`, `{"result":null}`, `{"result":[]}`} {
		p, err := decodeInvoicePage([]byte(body))
		require.NoError(t, err, body)
		assert.Empty(t, p.Items, body)
	}
	for _, body := range []string{`{}`, `{"result":null}`, `[]`, `{"result":[1]}`, `{"result":{"id":1}}`, `{"result":{}} trailing`} {
		_, err := decodeInvoice([]byte(body))
		assert.ErrorIs(t, err, payments.ErrMalformed, body)
	}
}

// fixtureObjects is each object a fixture holds: its result's elements, its
// result, or the whole body when it has no result.
func fixtureObjects(t *testing.T, name string) [][]byte {
	body := []byte(fixture(t, name))
	var out [][]byte
	var result []byte
	require.NoError(t, decjson.Members(body, func(k, v []byte) error {
		if string(k) == "result" {
			result = v
		}
		return nil
	}), name)
	switch {
	case result == nil:
		out = append(out, body)
	case result[0] == '[':
		require.NoError(t, decjson.Elements(result, func(e []byte) error { out = append(out, e); return nil }))
	default:
		out = append(out, result)
	}
	return out
}

// decodesLikePlainJSON checks that decodeInto fills a T from every object of
// each fixture exactly as plain encoding/json does (Raw aside, which only
// decodeInto sets).
func decodesLikePlainJSON[T any](t *testing.T, names ...string) {
	t.Helper()
	for _, name := range names {
		for _, raw := range fixtureObjects(t, name) {
			var got, want T
			require.NoError(t, decodeInto(raw, &got), name)
			rawField := reflect.ValueOf(&got).Elem().FieldByName("Raw")
			require.True(t, rawField.IsValid(), "%T has a Raw field", got)
			rawField.SetZero()
			require.NoError(t, json.Unmarshal(raw, &want), name)
			assert.Equal(t, want, got, "%s: %s", name, raw[:min(len(raw), 60)])
		}
	}
}

// The wire types decode exactly what plain encoding/json reads into the
// models from every fixture (guard aside): no field is lost or added.
func TestWiresDecodeLikeTheModels(t *testing.T) {
	t.Parallel()
	decodesLikePlainJSON[Invoice](t, "invoice.json", "invoices_list.json", "invoice_variants.json")
	decodesLikePlainJSON[Transaction](t, "transaction.json", "transaction_custom_fee.json", "transactions_list.json")
	decodesLikePlainJSON[Payout](t, "payout.json")
	decodesLikePlainJSON[Conversion](t, "conversion.json", "conversions_list.json")
	decodesLikePlainJSON[AutomaticConversion](t, "automatic_conversion.json", "automatic_conversions_list.json")
	decodesLikePlainJSON[AutomaticPayout](t, "automatic_payout.json", "automatic_payouts_list.json", "automatic_payout_update.json")
	decodesLikePlainJSON[Rate](t, "rate.json", "rates_list.json")
	decodesLikePlainJSON[Wallet](t, "wallet.json", "wallets_list.json")
	// Every json field of Invoice, whose wire lists the fields one by one.
	wire := map[string]bool{}
	for i := range reflect.TypeFor[invoiceWire]().NumField() {
		tag, _, _ := strings.Cut(reflect.TypeFor[invoiceWire]().Field(i).Tag.Get("json"), ",")
		wire[tag] = true
	}
	for i := range reflect.TypeFor[Invoice]().NumField() {
		tag, _, _ := strings.Cut(reflect.TypeFor[Invoice]().Field(i).Tag.Get("json"), ",")
		if tag != "-" {
			assert.True(t, wire[tag], "invoiceWire lacks %q", tag)
		}
	}
}
