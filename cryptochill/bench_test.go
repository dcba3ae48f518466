package cryptochill

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func benchFixture(b *testing.B, name string) []byte {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "cryptochill", name))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkSignRequest builds and signs a create-invoice payload, as every
// attempt of every call does.
func BenchmarkSignRequest(b *testing.B) {
	s := NewSigner(testKey, testSecret)
	p := &InvoiceParams{ProfileID: "bb519172-5823-4170-a1ba-b94143eaaaea", Amount: decimal.RequireFromString("10.00"),
		Currency: "USD", Kind: "BTC", Passthrough: `{"user_id":123}`}
	nonce := int64(1700000000000)
	b.ReportAllocs()
	for b.Loop() {
		nonce++
		payload, err := Payload(p, "/v1/invoices/", nonce)
		if err != nil {
			b.Fatal(err)
		}
		s.Sign(payload)
	}
}

// BenchmarkParseCallback verifies and parses the documented invoice callback.
func BenchmarkParseCallback(b *testing.B) {
	body := benchFixture(b, "callback_invoice.json")
	v := NewWebhookVerifier(vectorToken, "previous_token")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := v.ParseBody(body, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeInvoicePage decodes a full page (25 invoices) the way
// listPage does: the envelope, then each object with its Raw kept.
func BenchmarkDecodeInvoicePage(b *testing.B) {
	var doc struct {
		Result []json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(benchFixture(b, "invoices_list.json"), &doc); err != nil || len(doc.Result) == 0 {
		b.Fatalf("fixture: %v", err)
	}
	items := make([]string, PerPage)
	for i := range items {
		items[i] = string(doc.Result[0])
	}
	body := []byte(`{"pagination":{"num_pages":4,"count":100,"page":1,"next_page":2,"previous_page":null,"per_page":25},"result":[` +
		strings.Join(items, ",") + `]}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var p Pagination
		env := envelope[Invoice]{list: true, pagination: &p}
		if err := env.DecodeBody(body); err != nil || len(env.items) != PerPage {
			b.Fatalf("%d invoices, %v", len(env.items), err)
		}
	}
}
