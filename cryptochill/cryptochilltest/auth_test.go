package cryptochilltest_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vectors of ../shared/providers/cryptochill-notes.md, computed with the provider's
// Python reference code and secret "my_api_secret".
var vectors = []struct {
	method, path string
	pairs        []kv
	payload, sig string
}{
	{
		method:  http.MethodGet,
		path:    "/v1/profiles/",
		pairs:   []kv{{"request", "/v1/profiles/"}, {"nonce", "1700000000000"}},
		payload: "eyJyZXF1ZXN0IjogIi92MS9wcm9maWxlcy8iLCAibm9uY2UiOiAiMTcwMDAwMDAwMDAwMCJ9",
		sig:     "16a1cb621947a1a9e678412a0cf9bbcdbf7f14f022dd3f3c3b54b40dff36c7a0",
	},
	{
		method: http.MethodPut,
		path:   "/v1/payouts/42dbee1d-8659-44c3-aab2-6e414c5825a5/",
		pairs: []kv{{"approve", true}, {"request", "/v1/payouts/42dbee1d-8659-44c3-aab2-6e414c5825a5/"},
			{"nonce", "1700000000002"}},
		payload: "eyJhcHByb3ZlIjogdHJ1ZSwgInJlcXVlc3QiOiAiL3YxL3BheW91dHMvNDJkYmVlMWQtODY1OS00NGMzLWFhYjItNmU0MTRjNTgyNWE1LyIsICJub25jZSI6ICIxNzAwMDAwMDAwMDAyIn0=",
		sig:     "f8217b64ab66ec35585b769bba7bcd6f58e1f78ea7fb75f6c9cce66c6359a41b",
	},
}

func TestSignerVectors(t *testing.T) {
	t.Parallel()
	for _, v := range vectors {
		b64, sig := signPayload("my_api_secret", pyJSON(v.pairs))
		assert.EqualValues(t, v.payload, b64, "%s %s: got payload %s sig %s, want %s %s", v.method, v.path, b64, sig, v.payload, v.sig)
		assert.EqualValues(t, v.sig, sig, "%s %s: got payload %s sig %s, want %s %s", v.method, v.path, b64, sig, v.payload, v.sig)
	}
}

func TestSandboxAcceptsVectorRequests(t *testing.T) {
	t.Parallel()
	// Both keys get the documented secret so each vector can be sent with a key allowed to
	// use its endpoint.
	srv := cryptochilltest.NewServer(cryptochilltest.Options{
		APIKey: "my_api_key", APISecret: "my_api_secret",
		ApproverKey: "my_approver_key", ApproverSecret: "my_api_secret",
	})
	t.Cleanup(srv.Close)

	c := newClient(srv)
	status, m, err := c.raw(vectors[0].method, vectors[0].path, vectors[0].payload, vectors[0].sig)
	require.NoError(t, err, "GET profiles with the vector: %d %v %v", status, m, err)
	require.EqualValues(t, http.StatusOK, status, "GET profiles with the vector: %d %v %v", status, m, err)
	require.EqualValues(t, "Sandbox", str(m, "result", 0, "name"), "GET profiles with the vector: %d %v %v", status, m, err)
	// Authenticated, then the payout is unknown: 404 ObjectNotFound, not 401.
	a := approver(srv)
	status, m, err = a.raw(vectors[1].method, vectors[1].path, vectors[1].payload, vectors[1].sig)
	require.NoError(t, err)
	expectError(t, status, m, http.StatusNotFound, "ObjectNotFound")

	// The same request again is a replay.
	status, m, _ = c.raw(vectors[0].method, vectors[0].path, vectors[0].payload, vectors[0].sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidNonce")

	// A JSON-number nonce (the JavaScript reference) is accepted too.
	b64, sig := signPayload("my_api_secret", pyJSON([]kv{{"request", "/v1/profiles/"}, {"nonce", 1700000000001}}))
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	require.EqualValues(t, http.StatusOK, status, "numeric nonce: %d %v", status, m)
}

func TestAuthenticationFailures(t *testing.T) {
	t.Parallel()
	srv, c := plainSandbox(t)
	sign := func(pairs ...kv) (string, string) { return signPayload(srv.APISecret, pyJSON(pairs)) }

	b64, _ := sign(kv{"request", "/v1/profiles/"}, kv{"nonce", "10"})
	status, m, _ := c.raw(http.MethodGet, "/v1/profiles/", b64, strings.Repeat("0", 64))
	expectError(t, status, m, http.StatusUnauthorized, "InvalidSignature")

	// Uppercase hex is not what the provider's hexdigest() produces.
	b64, sig := sign(kv{"request", "/v1/profiles/"}, kv{"nonce", "10"})
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, strings.ToUpper(sig))
	expectError(t, status, m, http.StatusUnauthorized, "InvalidSignature")

	// Signed for another endpoint.
	b64, sig = sign(kv{"request", "/v1/invoices/"}, kv{"nonce", "11"})
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidSignature")

	// The query string is not part of "request".
	b64, sig = sign(kv{"request", "/v1/invoices/?p=1"}, kv{"nonce", "12"})
	status, m, _ = c.raw(http.MethodGet, "/v1/invoices/?p=1", b64, sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidSignature")

	// Accepted, then replayed, then an older nonce.
	b64, sig = sign(kv{"request", "/v1/profiles/"}, kv{"nonce", "100"})
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	require.EqualValues(t, http.StatusOK, status, "good request: %d %v", status, m)
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidNonce")
	b64, sig = sign(kv{"request", "/v1/profiles/"}, kv{"nonce", "99"})
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidNonce")

	for _, nonce := range []any{"1e20", -5, "abc", json.Number("1.5e3"), nil, "", "99999999999999999999999"} {
		b64, sig = sign(kv{"request", "/v1/profiles/"}, kv{"nonce", nonce})
		status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
		expectError(t, status, m, http.StatusUnauthorized, "InvalidNonce")
	}

	// Unknown and missing keys.
	other := &client{base: srv.URL, key: "nobody", secret: srv.APISecret, hc: c.hc}
	b64, sig = sign(kv{"request", "/v1/profiles/"}, kv{"nonce", "200"})
	status, m, _ = other.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidApiKey")
	other.key = ""
	status, m, _ = other.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	expectError(t, status, m, http.StatusUnauthorized, "InvalidApiKey")
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", "", "")
	expectError(t, status, m, http.StatusUnauthorized, "InvalidSignature")

	// A rejected request did not burn nonce 200.
	status, m, _ = c.raw(http.MethodGet, "/v1/profiles/", b64, sig)
	require.EqualValues(t, http.StatusOK, status, "nonce 200 after rejections: %d %v", status, m)
}

func TestHostilePayloads(t *testing.T) {
	t.Parallel()
	srv, c := plainSandbox(t)
	// Sign the header text itself, whatever it is: the point is what happens after the
	// signature check passes.
	signRaw := func(b64 string) string { return hmacHex(srv.APISecret, b64) }
	for _, b64 := range []string{"%%%not-base64", "eyJ", base64.RawStdEncoding.EncodeToString([]byte(`{"a":1}`))} {
		status, m, err := c.raw(http.MethodGet, "/v1/profiles/", b64, signRaw(b64))
		require.NoError(t, err)
		expectError(t, status, m, http.StatusBadRequest, "InvalidPayload")
	}
	for _, payload := range []string{`[1,2]`, `"str"`, `null`, `{"request": "/v1/profiles/"`, `{} {}`, `{"a":1}x`, strings.Repeat("[", 20000)} {
		b64 := base64.StdEncoding.EncodeToString([]byte(payload))
		status, m, err := c.raw(http.MethodGet, "/v1/profiles/", b64, signRaw(b64))
		require.NoError(t, err)
		expectError(t, status, m, http.StatusBadRequest, "InvalidPayload")
	}

	// Amounts and integers no decimal should ever be asked to expand.
	for _, amount := range []any{"1e999999999", "-1e999999999", "1e-999999999", "NaN", "Infinity", "0x10", "",
		"0", "-5", true, []any{"1"}, map[string]any{"a": "1"}, strings.Repeat("9", 100), "1e16"} {
		m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/invoices/",
			map[string]any{"profile_id": srv.ProfileID, "currency": "USD", "amount": amount})
		require.EqualValues(t, "InvalidValue", str(m, "reason"), "amount %v: %v", amount, m)
	}
	for _, bad := range []map[string]any{
		{"profile_id": 5, "currency": "USD"},
		{"profile_id": srv.ProfileID, "currency": []any{}},
		{"profile_id": srv.ProfileID, "currency": "USD", "min_confirmations": "1e999999999"},
		{"profile_id": srv.ProfileID, "currency": "USD", "min_confirmations": 7},
		{"profile_id": srv.ProfileID, "currency": "USD", "zero_conf_enabled": "yes"},
		{"profile_id": srv.ProfileID, "currency": "USD", "passthrough": map[string]any{"user": 1}},
		{"profile_id": srv.ProfileID, "currency": "USD", "kind": "NOPE"},
		{"profile_id": srv.ProfileID, "currency": "XYZ"},
		{"profile_id": "unknown", "currency": "USD"},
		{"currency": "USD"},
		{"profile_id": srv.ProfileID, "currency": "USD", "amount": "10", "exchange_rate_limit": "x"},
		{"profile_id": srv.ProfileID, "currency": "USD", "amount": "10", "exchange_rate_limit": map[string]any{"pair": "BTC:USD", "exchange_rate": "1e999999999", "allowed_difference": "0.05"}},
	} {
		m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/invoices/", bad)
		require.EqualValues(t, "InvalidValue", str(m, "reason"), "%v: %v", bad, m)
	}
	for _, bad := range []map[string]any{
		{"profile_id": srv.ProfileID, "recipients": "x"},
		{"profile_id": srv.ProfileID, "recipients": []any{}},
		{"profile_id": srv.ProfileID, "recipients": []any{"x"}},
		{"profile_id": srv.ProfileID, "recipients": []any{map[string]any{"amount": "1e999999999", "currency": "BTC", "address": "tb1q"}}},
		{"profile_id": srv.ProfileID, "network_fee": json.Number("1.5"), "recipients": []any{map[string]any{"amount": "0.1", "currency": "BTC", "address": "tb1q"}}},
		{"profile_id": srv.ProfileID, "recipients": []any{map[string]any{"amount": "0.1", "currency": "BTC"}}},
	} {
		m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", bad)
		require.EqualValues(t, "InvalidValue", str(m, "reason"), "%v: %v", bad, m)
	}
	for _, ids := range []any{"x", []any{1}, nil} {
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/transactions/confirmations/", map[string]any{"id": ids})
	}
	// Page numbers that are not numbers.
	for _, p := range []string{"0", "-1", "abc", "99999999999999999999", "2"} {
		m := c.must(t, http.StatusNotFound, http.MethodGet, "/v1/invoices/", map[string]any{"p": p})
		require.EqualValues(t, "InvalidPage", str(m, "reason"), "p=%s: %v", p, m)
	}
}

func TestRoutingErrors(t *testing.T) {
	t.Parallel()
	srv, c := plainSandbox(t)
	for _, path := range []string{"/v1/nothing/", "/v1/invoices", "/v2/invoices/", "/v1//", "/v1/invoices/a/b/", "/"} {
		status, m, err := c.call(http.MethodGet, path, nil)
		require.NoError(t, err)
		expectError(t, status, m, http.StatusNotFound, "NotFound")
	}
	m := c.must(t, http.StatusMethodNotAllowed, http.MethodDelete, "/v1/invoices/", nil)
	require.EqualValues(t, "MethodNotAllowed", str(m, "reason"), m)
	c.must(t, http.StatusMethodNotAllowed, http.MethodGet, "/v1/payouts/confirmations/", nil)
	m = c.must(t, http.StatusNotFound, http.MethodGet, "/v1/invoices/nope/", nil)
	require.EqualValues(t, "ObjectNotFound", str(m, "reason"), m)
	require.EqualValues(t, "Object by specified ID not found", str(m, "message"), m)

	// The handler also works without a network, e.g. with a recorder.
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/profiles/", nil))
	require.EqualValues(t, http.StatusUnauthorized, rec.Code, "recorder: %d", rec.Code)
}

func TestApproverKeyIsLimited(t *testing.T) {
	t.Parallel()
	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(srv.Close)
	a := approver(srv)
	m := a.must(t, http.StatusForbidden, http.MethodPost, "/v1/invoices/", map[string]any{"profile_id": srv.ProfileID, "currency": "USD"})
	require.EqualValues(t, "PermissionDenied", str(m, "reason"), m)
	m = a.must(t, http.StatusForbidden, http.MethodPost, "/v1/payouts/", map[string]any{"profile_id": srv.ProfileID,
		"recipients": []any{map[string]any{"amount": "0.001", "currency": "BTC", "address": "tb1qx"}}})
	require.EqualValues(t, "PermissionDenied", str(m, "reason"), m)
	a.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", nil)
}

func TestConcurrentRequests(t *testing.T) {
	t.Parallel()
	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(srv.Close)
	// A key's nonces must arrive in increasing order, so requests of one key are serialized;
	// the two keys and the simulation calls run in parallel with each other.
	mainKey, approveKey := newClient(srv), approver(srv)
	var ids []string
	for i := 0; i < 5; i++ {
		m := mainKey.must(t, http.StatusOK, http.MethodPost, "/v1/invoices/", map[string]any{"profile_id": srv.ProfileID, "currency": "USD", "amount": "10"})
		ids = append(ids, str(m, "result", "id"))
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for _, c := range []*client{mainKey, approveKey} {
		var mu sync.Mutex
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				mu.Lock()
				defer mu.Unlock()
				if status, m, err := c.call(http.MethodGet, "/v1/payouts/", nil); err != nil || status != http.StatusOK {
					errs <- errorf("status %d %v %v", status, m, err)
				}
			}()
		}
	}
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tx, err := srv.PayInvoice(id, mustDecimal("0.0002"))
			if err == nil {
				err = srv.Confirm(tx)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	// No callback URL is set: every callback is still recorded, with ErrNoCallbackURL.
	// Per invoice: transaction_pending, invoice_pending, then transaction_confirmed,
	// invoice_confirmed, transaction_complete, invoice_complete.
	ds := srv.Deliveries()
	assert.Len(t, ds, 5*6, "deliveries = %d, want 30", len(ds))
	for _, d := range ds {
		assert.ErrorIs(t, d.Err, cryptochilltest.ErrNoCallbackURL, "delivery without URL: %+v", d)
	}
}
