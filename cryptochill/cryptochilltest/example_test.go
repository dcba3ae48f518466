package cryptochilltest_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/shopspring/decimal"
)

// send signs params the way CryptoChill documents and sends them; a real program uses the
// cryptochill client instead.
func send(srv *cryptochilltest.Server, method, path string, nonce int, params map[string]any) (map[string]any, error) {
	payload := map[string]any{"request": path, "nonce": strconv.Itoa(nonce)}
	for k, v := range params {
		payload[k] = v
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	b64 := base64.StdEncoding.EncodeToString(raw)
	mac := hmac.New(sha256.New, []byte(srv.APISecret))
	mac.Write([]byte(b64))
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-CC-KEY", srv.APIKey)
	req.Header.Set("X-CC-PAYLOAD", b64)
	req.Header.Set("X-CC-SIGNATURE", hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return decode(body)
}

// Example takes an invoice through payment and confirmations, with callbacks delivered to a
// merchant endpoint.
func Example() {
	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
	defer srv.Close()

	// The merchant's callback endpoint.
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var cb struct {
			CallbackStatus string `json:"callback_status"`
		}
		_ = json.NewDecoder(r.Body).Decode(&cb)
		fmt.Println("callback:", cb.CallbackStatus)
	}))
	defer hook.Close()
	srv.SetCallbackURL(hook.URL)

	acc, err := send(srv, http.MethodGet, "/v1/account/settings/", 1, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(str(acc, "result", "name"))

	inv, err := send(srv, http.MethodPost, "/v1/invoices/", 2, map[string]any{
		"profile_id": srv.ProfileID, "amount": "10", "currency": "USD", "kind": "BTC"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("invoice:", str(inv, "result", "status"), str(inv, "result", "amount", "invoiced", "amount"), "BTC")

	txID, err := srv.PayInvoice(str(inv, "result", "id"), decimal.RequireFromString("0.0002"))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Confirm(txID); err != nil {
		fmt.Println(err)
		return
	}
	inv, _ = send(srv, http.MethodGet, "/v1/invoices/"+str(inv, "result", "id")+"/", 3, nil)
	fmt.Println("invoice:", str(inv, "result", "status"))

	// Output:
	// Sandbox Account (Testnet)
	// invoice: new 0.00020000 BTC
	// callback: transaction_pending
	// callback: invoice_pending
	// callback: transaction_confirmed
	// callback: invoice_confirmed
	// callback: transaction_complete
	// callback: invoice_complete
	// invoice: complete
}

// BenchmarkAuthenticatedRoundTrip measures one signed request through the sandbox:
// signing, HTTP, verification, handling and decoding.
func BenchmarkAuthenticatedRoundTrip(b *testing.B) {
	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
	defer srv.Close()
	c := newClient(srv)
	b.ReportAllocs()
	for b.Loop() {
		status, _, err := c.call(http.MethodGet, "/v1/account/settings/", nil)
		if err != nil || status != http.StatusOK { // no testify in the timed loop: it allocates
			b.Fatalf("%d %v", status, err)
		}
	}
}
