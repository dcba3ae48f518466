package cryptoprocessingtest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/shopspring/decimal"
)

// Example takes a deposit address with a signed request, simulates a
// customer paying into it, and receives the signed callbacks.
func Example() {
	srv := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{APIKey: "demo-key", APISecret: "demo-secret"})
	defer srv.Close()

	signature := func(body []byte) string {
		mac := hmac.New(sha512.New, []byte(srv.APISecret))
		mac.Write(body)
		return hex.EncodeToString(mac.Sum(nil))
	}

	// The merchant's callback endpoint verifies the signature over the raw body.
	merchant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var cb struct {
			Type   string `json:"type"`
			Status string `json:"status"`
		}
		_ = json.Unmarshal(body, &cb)
		ok := hmac.Equal([]byte(r.Header.Get("X-Processing-Signature")), []byte(signature(body)))
		fmt.Println("callback:", cb.Type, cb.Status, "signature ok:", ok)
	}))
	defer merchant.Close()
	srv.SetCallbackURL(merchant.URL)

	body := []byte(`{"currency":"BTC","foreign_id":"customer-42"}`)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/addresses/take", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Processing-Key", srv.APIKey)
	req.Header.Set("X-Processing-Signature", signature(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var taken struct {
		Data struct {
			Address   string `json:"address"`
			ForeignID string `json:"foreign_id"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&taken); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", resp.StatusCode, "customer:", taken.Data.ForeignID)

	txID, err := srv.PayDeposit(taken.Data.Address, decimal.RequireFromString("0.01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Confirm(txID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("BTC balance:", srv.Balance("BTC"), "callbacks:", len(srv.Deliveries()))
	// Output:
	// status: 201 customer: customer-42
	// callback: deposit not_confirmed signature ok: true
	// callback: deposit confirmed signature ok: true
	// BTC balance: 1.0099 callbacks: 2
}
