package cryptochill

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Benchmarks come in pairs: <Name>/sdk is the SDK, <Name>/floor is a
// hand-written client doing the same work with net/http, crypto/hmac,
// encoding/json and decimal (same signed request, same test server, same
// body decoded into an equivalent struct). `make bench` prints the
// sdk/floor ratios. Each also reports cpu-ns/op (internal/benchcpu): the
// process's CPU time per iteration, steadier than wall-clock ns/op on a
// shared machine. Timings go to reports only; nothing asserts on speed.

// floorInvoice is the floor's equivalent of Invoice: the model itself
// without its methods (Invoice has no UnmarshalJSON; its nested Amount,
// Lightning and InvoiceTransaction none either), so plain encoding/json
// fills the same fields with decimal.Decimal and no guard; Raw (json:"-")
// stays empty.
type floorInvoice Invoice

// floorPage is a page of invoices as a hand-written client decodes it.
type floorPage struct {
	Pagination Pagination     `json:"pagination"`
	Result     []floorInvoice `json:"result"`
}

// floorGet is a hand-written signed CryptoChill GET: the payload
// {"request": path, "nonce": n} in base64, its HMAC-SHA256 in hex, the
// three headers, the body read and decoded.
func floorGet(ctx context.Context, hc *http.Client, base, path string, nonce int64, out any) error {
	payload := `{"request": "` + path + `", "nonce": "` + strconv.FormatInt(nonce, 10) + `"}`
	encoded := base64.StdEncoding.EncodeToString([]byte(payload))
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte(encoded))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set(HeaderKey, testKey)
	req.Header.Set(HeaderPayload, encoded)
	req.Header.Set(HeaderSignature, hex.EncodeToString(mac.Sum(nil)))
	return providertest.FloorDo(hc, req, out)
}

// benchServer answers every signed request with body.
func benchServer(b *testing.B, body []byte) *httptest.Server {
	return providertest.BenchServer(b, body, func(r *http.Request) bool { return r.Header.Get(HeaderSignature) != "" })
}

func benchClient(b *testing.B, srv *httptest.Server) *Client {
	c, err := New(Config{APIKey: testKey, APISecret: testSecret}, option.WithBaseURL(srv.URL), option.WithHTTPClient(srv.Client()))
	require.NoError(b, err)
	return c
}

// sdkVsFloor runs sdk and floor as the sub-benchmarks "sdk" and "floor",
// one op a loop, reporting allocations, cpu-ns/op and, when set, the bytes
// one op processes; a failed op stops the benchmark.
func sdkVsFloor(b *testing.B, bytes int, sdk, floor func() error) {
	for _, run := range []struct {
		name string
		op   func() error
	}{{"sdk", sdk}, {"floor", floor}} {
		b.Run(run.name, func(b *testing.B) {
			b.SetBytes(int64(bytes))
			providertest.Measure(b, func() {
				if err := run.op(); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// expect is err, or an error when the answer was not the one expected (ok).
func expect(err error, ok bool) error {
	if err == nil && !ok {
		return errors.New("unexpected answer")
	}
	return err
}

// BenchmarkCall is one signed GET /v1/invoices/<id>/ over loopback HTTP,
// decoded into an invoice.
func BenchmarkCall(b *testing.B) {
	srv := benchServer(b, []byte(fixture(b, "invoice.json")))
	ctx, c, hc, nonce := b.Context(), benchClient(b, srv), srv.Client(), int64(1700000000000)
	const id = "42dbee1d-8659-44c3-aab2-6e414c5825a5"
	sdkVsFloor(b, 0, func() error {
		inv, err := c.Invoices.Get(ctx, id)
		return expect(err, err == nil && inv.ID == id)
	}, func() error {
		nonce++
		var out struct {
			Result *floorInvoice `json:"result"`
		}
		err := floorGet(ctx, hc, srv.URL, "/v1/invoices/"+id+"/", nonce, &out)
		return expect(err, err == nil && out.Result.ID == id)
	})
}

// BenchmarkListPage is one signed GET /v1/invoices/ answering a full page
// of 25 invoices.
func BenchmarkListPage(b *testing.B) {
	srv := benchServer(b, invoicePage(b))
	ctx, c, hc, nonce := b.Context(), benchClient(b, srv), srv.Client(), int64(1700000000000)
	sdkVsFloor(b, 0, func() error {
		p, err := c.Invoices.List(ctx, nil)
		return expect(err, err == nil && len(p.Items) == PerPage)
	}, func() error {
		nonce++
		var out floorPage
		err := floorGet(ctx, hc, srv.URL, "/v1/invoices/", nonce, &out)
		return expect(err, err == nil && len(out.Result) == PerPage)
	})
}

// invoicePage is a full page (25 invoices) built from the list fixture.
func invoicePage(b *testing.B) []byte {
	var doc struct {
		Result []json.RawMessage `json:"result"`
	}
	require.NoError(b, json.Unmarshal([]byte(fixture(b, "invoices_list.json")), &doc), "fixture")
	require.NotEmpty(b, doc.Result, "fixture")
	items := make([]string, PerPage)
	for i := range items {
		items[i] = string(doc.Result[0])
	}
	return []byte(`{"pagination":{"num_pages":4,"count":100,"page":1,"next_page":2,"previous_page":null,"per_page":25},"result":[` +
		strings.Join(items, ",") + `]}`)
}

// BenchmarkWebhook verifies and parses the documented invoice callback.
func BenchmarkWebhook(b *testing.B) {
	body := []byte(fixture(b, "callback_invoice.json"))
	v := NewWebhookVerifier(vectorToken)
	sdkVsFloor(b, len(body), func() error {
		ev, err := v.ParseBody(body, nil)
		return expect(err, err == nil && ev.Invoice != nil)
	}, func() error { return floorCallback(body, []byte(vectorToken)) })
}

// floorCallback is a hand-written callback check: decode, then compare the
// HMAC-SHA256 of callback_id with the signature in constant time.
func floorCallback(body, token []byte) error {
	var cb struct {
		CallbackID     string        `json:"callback_id"`
		CallbackStatus string        `json:"callback_status"`
		Signature      string        `json:"signature"`
		Invoice        *floorInvoice `json:"invoice"`
	}
	if err := json.Unmarshal(body, &cb); err != nil {
		return err
	}
	mac := hmac.New(sha256.New, token)
	mac.Write([]byte(cb.CallbackID))
	got, err := hex.DecodeString(cb.Signature)
	if err != nil || !hmac.Equal(mac.Sum(nil), got) || cb.Invoice == nil {
		return errors.New("bad callback")
	}
	return nil
}

// BenchmarkDecodeInvoicePage decodes a full page (25 invoices) without
// HTTP: the envelope split, each object decoded once with its Raw kept.
func BenchmarkDecodeInvoicePage(b *testing.B) {
	body := invoicePage(b)
	sdkVsFloor(b, len(body), func() error {
		p, err := decodeInvoicePage(body)
		return expect(err, err == nil && len(p.Items) == PerPage)
	}, func() error {
		var out floorPage
		err := json.Unmarshal(body, &out)
		return expect(err, err == nil && len(out.Result) == PerPage)
	})
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
