package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/shopspring/decimal"
)

// A selftest case: a request and the answer it must get.
type selfCase struct {
	name   string
	path   string
	body   []byte
	header http.Header
	want   int
	answer string // the "status" of the JSON answer, when it matters
}

const verifyOnlyPath = "/selftest/cryptochill-verify-only"

// runSelfTest serves every route with demo secrets (CryptoChill against its
// offline sandbox, so callbacks are refreshed for real) on a free loopback
// port, sends good, repeated, forged, oversized, malformed and unknown
// webhooks, then lets the sandbox pay an invoice and deliver its callbacks.
func runSelfTest(out io.Writer) error {
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	defer sb.Close()
	const cpKey, cpSecret = "selftest-key", "selftest-secret"
	env := map[string]string{
		"CRYPTOCHILL_CALLBACK_TOKEN": sb.CallbackToken, "CRYPTOCHILL_API_KEY": sb.APIKey,
		"CRYPTOCHILL_API_SECRET": sb.APISecret, "CRYPTOCHILL_BASE_URL": sb.URL,
		"CRYPTOPROCESSING_API_KEY": cpKey, "CRYPTOPROCESSING_API_SECRET": cpSecret,
	}
	getenv := func(k string) string { return env[k] }
	store := webhooks.NewMemoryStore()
	logger := slog.New(slog.DiscardHandler)
	mux, _ := newMux(getenv, store, logger)
	outer := http.NewServeMux()
	outer.Handle("/", mux)
	tokenOnly := cryptochillVerifier(func(k string) string {
		if k == "CRYPTOCHILL_CALLBACK_TOKEN" {
			return sb.CallbackToken
		}
		return ""
	})
	outer.Handle("POST "+verifyOnlyPath, webhooks.NewHandler(tokenOnly.v, store, process(logger)))
	srv := httptest.NewUnstartedServer(outer)
	srv.Config = newServer("", outer, defaultTimeouts)
	srv.Start()
	defer srv.Close()

	ctx := context.Background()
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID}, option.WithBaseURL(sb.URL))
	if err != nil {
		return err
	}
	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.RequireFromString("10"),
		Currency: "USD", Kind: "BTC", Passthrough: "order-1"})
	if err != nil {
		return fmt.Errorf("sandbox invoice: %w", err)
	}
	cases := append(cryptochillCases(sb.CallbackToken, inv.ID), cryptoprocessingCases(cpKey, cpSecret)...)

	failed := 0
	report := func(ok bool, path, name, got string) {
		mark := "ok  "
		if !ok {
			mark, failed = "FAIL", failed+1
		}
		fmt.Fprintf(out, "%s %-38s %-34s → %s\n", mark, path, name, got)
	}
	for _, c := range cases {
		req, err := http.NewRequest(http.MethodPost, srv.URL+c.path, bytes.NewReader(c.body))
		if err != nil {
			return err
		}
		for k, v := range c.header {
			req.Header[k] = v
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			return err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var answer struct{ Status string }
		_ = json.Unmarshal(raw, &answer)
		ok := resp.StatusCode == c.want && (c.answer == "" || answer.Status == c.answer)
		report(ok, c.path, c.name, fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(raw))))
	}

	// The sandbox pays the invoice and delivers its callbacks to the server,
	// which refreshes each from the sandbox's API before recording it.
	sb.SetCallbackURL(srv.URL + "/webhooks/cryptochill")
	tx, err := sb.PayInvoice(inv.ID, inv.Amount.Invoiced.Amount)
	if err == nil {
		err = sb.Confirm(tx)
	}
	if err != nil {
		return fmt.Errorf("sandbox payment: %w", err)
	}
	st, err := store.Status(ctx, "cryptochill:invoice:"+inv.ID)
	if err != nil {
		return err
	}
	report(st == payments.StatusPaid, "/webhooks/cryptochill", "sandbox payment, delivered", "invoice "+string(st))

	if failed > 0 {
		return fmt.Errorf("%d checks failed", failed)
	}
	return nil
}

func cryptochillCases(token, invoiceID string) []selfCase {
	const path = "/webhooks/cryptochill"
	sign := func(secret, body string) ([]byte, http.Header) {
		b, h, err := cryptochill.SignTestWebhook(secret, []byte(body))
		if err != nil {
			panic(err)
		}
		return b, h
	}
	// The body claims "complete"; the handler believes only the API's invoice.
	good, h := sign(token, `{"callback_status":"invoice_complete","invoice":{"id":"`+invoiceID+`","status":"complete"}}`)
	forged, fh := sign("not-the-token", `{"callback_status":"invoice_complete","invoice":{"id":"`+invoiceID+`"}}`)
	unknown, uh := sign(token, `{"callback_status":"conversion_complete"}`)
	huge := bytes.Repeat([]byte(" "), 1<<20+1)
	return []selfCase{
		{"verified, refreshed from the API", path, good, h, http.StatusOK, "processed"},
		{"redelivered", path, good, h, http.StatusOK, "duplicate"},
		{"forged signature", path, forged, fh, http.StatusUnauthorized, ""},
		{"body over 1 MiB", path, huge, h, http.StatusRequestEntityTooLarge, ""},
		{"malformed body", path, []byte(`{"callback_id":`), h, http.StatusBadRequest, ""},
		{"unknown event type", path, unknown, uh, http.StatusOK, ""},
		{"no API credentials: cannot refresh", verifyOnlyPath, good, h, http.StatusServiceUnavailable, ""},
		{"no API credentials: forged", verifyOnlyPath, forged, fh, http.StatusUnauthorized, ""},
	}
}

func cryptoprocessingCases(key, secret string) []selfCase {
	const path = "/webhooks/cryptoprocessing"
	deposit := func(amount string, legs int) []byte {
		var ls []string
		for i := 1; i <= legs; i++ {
			ls = append(ls, fmt.Sprintf(`{"id":%d,"currency":"BTC","transaction_type":"blockchain","type":"deposit","address":"bc1qexample","amount":"0.005","txid":"ab%d","confirmations":1}`, i, i))
		}
		return []byte(`{"id":1,"type":"deposit","crypto_address":{"id":1,"currency":"BTC","address":"bc1qexample","tag":null,"foreign_id":"customer-1"},` +
			`"currency_sent":{"currency":"BTC","amount":"` + amount + `"},"currency_received":{"currency":"BTC","amount":"` + amount + `"},` +
			`"transactions":[` + strings.Join(ls, ",") + `],"fees":[],"error":"","status":"not_confirmed"}`)
	}
	signed := func(b []byte, s string) http.Header {
		_, h, err := cryptoprocessing.SignTestWebhook(s, b)
		if err != nil {
			panic(err)
		}
		h.Set(cryptoprocessing.HeaderKey, key)
		return h
	}
	first, second := deposit("0.005", 1), deposit("0.01", 2)
	tampered := bytes.Replace(first, []byte(`"amount":"0.005"},"currency_received"`), []byte(`"amount":"9.005"},"currency_received"`), 1)
	huge := bytes.Repeat([]byte(" "), 1<<20+1)
	return []selfCase{
		{"verified callback", path, first, signed(first, secret), http.StatusOK, "processed"},
		{"redelivered callback", path, first, signed(first, secret), http.StatusOK, "duplicate"},
		{"second partial payment", path, second, signed(second, secret), http.StatusOK, "processed"},
		{"forged signature", path, first, signed(first, "not-the-secret"), http.StatusUnauthorized, ""},
		{"tampered amount", path, tampered, signed(first, secret), http.StatusUnauthorized, ""},
		{"body over 1 MiB", path, huge, signed(huge, secret), http.StatusRequestEntityTooLarge, ""},
		{"malformed body", path, []byte(`{"id":`), signed([]byte(`{"id":`), secret), http.StatusBadRequest, ""},
	}
}
