package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
)

// Secret signs every webhook of these tests (CryptoProcessing signs the
// whole body: a fully signed provider, no refresh needed).
const Secret = "storetest-secret"

// Verifier is the verify-only CryptoProcessing adapter for Secret.
func Verifier() payments.WebhookVerifier { return cryptoprocessing.NewWebhookAdapter(Secret) }

// Delivery is one signed webhook.
type Delivery struct {
	// Object is the invoice number; Reference its order ("order-N").
	Object int
	// Stage names the notification ("pending", "processing", "confirmed", "failed").
	Stage string
	// Body is the signed body.
	Body []byte
	// Header carries the signature.
	Header http.Header
}

// Request builds the delivery's HTTP request for url.
func (d Delivery) Request(ctx context.Context, url string) (*http.Request, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(d.Body))
	if err != nil {
		return nil, err
	}
	for k, v := range d.Header {
		r.Header[k] = v
	}
	return r, nil
}

// Serve runs the delivery through h in process and returns the status code.
func (d Delivery) Serve(h http.Handler) int {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/cryptoprocessing", bytes.NewReader(d.Body))
	for k, v := range d.Header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

// Paid reports whether invoice n is paid in full by its deliveries: every
// third invoice is paid in part only (and then fails), never to be credited.
func Paid(n int) bool { return n%3 != 2 }

// Reference is invoice n's order reference.
func Reference(n int) string { return fmt.Sprintf("order-%d", n) }

// Invoice returns the notifications of invoice n in the order the provider
// sends them: a partial payment (pending, underpaid), then, when Paid(n),
// processing and confirmed (paid), else failed (paid less).
func Invoice(n int) []Delivery {
	stages := []string{"pending", "processing", "confirmed"}
	if !Paid(n) {
		stages = []string{"pending", "failed"}
	}
	out := make([]Delivery, 0, len(stages))
	for _, st := range stages {
		out = append(out, invoiceDelivery(n, st))
	}
	return out
}

func invoiceDelivery(n int, stage string) Delivery {
	remaining, status, paid, errText := "0.00000000", stage, "0.00020000", ""
	switch stage {
	case "pending":
		remaining, paid = "0.00010000", "0.00010000"
	case "failed":
		remaining, paid, errText = "0.00010000", "0.00010000", "paid less than requested"
	}
	body := map[string]any{
		"id": n, "foreign_id": Reference(n), "type": "invoice",
		"crypto_address": map[string]any{"id": 386897, "currency": "BTC", "convert_to": "EUR",
			"address": "2Mvo6FMduhHz1BTDHsQ5GyRoifcG3y4ycpk", "tag": nil},
		"currency_sent":     map[string]any{"currency": "BTC", "amount": "0.00020000", "remaining_amount": remaining},
		"currency_received": map[string]any{"currency": "EUR", "amount": "10.00000000"},
		"transactions": []any{map[string]any{"id": 750000 + n, "currency": "BTC", "transaction_type": "blockchain",
			"type": "deposit", "address": "2Mvo6FMduhHz1BTDHsQ5GyRoifcG3y4ycpk", "tag": nil, "amount": paid,
			"txid": fmt.Sprintf("tx%d", n), "confirmations": "3"}},
		"fees": []any{}, "error": errText, "status": status, "fixed_at": 1592307241, "expires_at": 1592308141,
	}
	raw, err := json.Marshal(body)
	if err != nil {
		panic(err) // a map of literals always marshals
	}
	signed, header, err := cryptoprocessing.SignTestWebhook(Secret, raw)
	if err != nil {
		panic(err)
	}
	return Delivery{Object: n, Stage: stage, Body: signed, Header: header}
}

// Credit is the merchant's callback of these tests: it credits the order
// in the delivery's transaction when the invoice becomes paid, by
// inserting a row into storetest_credits (see CreditsTable). With no
// transaction (MemoryStore) it calls onCredit instead.
func Credit(bind func(string) string, onCredit func(ref string)) webhooks.ProcessFunc {
	return func(ctx context.Context, u webhooks.Update) error {
		if !u.Changed() || !u.Status.IsSuccess() {
			return nil
		}
		if tx := u.Tx(); tx != nil {
			_, err := tx.ExecContext(ctx, bind("INSERT INTO storetest_credits (ref, status) VALUES (?, ?)"),
				u.Event.Reference, string(u.Status))
			return err
		}
		if onCredit != nil {
			onCredit(u.Event.Reference)
		}
		return nil
	}
}

// CreditsTable is the merchant's table of Credit: one row per credit, so
// that a double credit shows as two rows.
const CreditsTable = "CREATE TABLE IF NOT EXISTS storetest_credits (ref VARCHAR(100) NOT NULL, status VARCHAR(64) NOT NULL)"
