package cryptochill

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const payoutRef = "unique-payout-id-123"

// isJSONInt reports whether a decoded payload value is a JSON number
// (not a quoted string) spelled want.
func isJSONInt(v any, want string) bool {
	if _, quoted := v.(string); quoted || v == nil {
		return false
	}
	return fmt.Sprint(v) == want
}

// fixtureResult returns the object under "result" in a fixture.
func fixtureResult(t *testing.T, name string) string {
	t.Helper()
	var env struct {
		Result json.RawMessage `json:"result"`
	}
	require.NoError(t, json.Unmarshal([]byte(fixture(t, name)), &env))
	return string(env.Result)
}

// listBody wraps objects in a one-page list envelope.
func listBody(objects ...string) string {
	items := ""
	for i, o := range objects {
		if i > 0 {
			items += ","
		}
		items += o
	}
	return `{"pagination":{"num_pages":1,"count":` + strconv.Itoa(len(objects)) +
		`,"page":1,"next_page":null,"previous_page":null,"per_page":25},"result":[` + items + `]}`
}

func docPayoutParams() *PayoutParams {
	return &PayoutParams{
		ProfileID:   "e4e197bf-486d-4f57-a064-2d047c6cafae",
		Passthrough: `{"user_id": 123}`,
		ReferenceID: payoutRef,
		Recipients: []Recipient{
			{Amount: decimal.RequireFromString("20"), Currency: "USD", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ", Notes: "Notes 1"},
			{Amount: decimal.RequireFromString("10"), Currency: "GBP", Address: "2MzCZNNDrmUB55LzdXnmdaXH2h2nJJ9EhrL", Notes: "Notes 2"},
			{Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: "2NC3zgngjjRWR7kbKzKYYPR2jpWh3QZHRML", Notes: "Notes 3"},
		},
	}
}

func TestPayoutsCreate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", respond(t, 200, fixture(t, "payout.json"),
		func(r *http.Request, p map[string]any) {
			assert.Equal(t, "e4e197bf-486d-4f57-a064-2d047c6cafae", p["profile_id"])
			assert.Equal(t, payoutRef, p["reference_id"])
			assert.Equal(t, `{"user_id": 123}`, p["passthrough"])
			for _, k := range []string{"kind", "wallet_id", "network_fee", "network_fee_pays", "network_fee_preset"} {
				assert.NotContains(t, p, k, "unset %s was sent", k)
			}
			rs, _ := p["recipients"].([]any)
			if !assert.Len(t, rs, 3, "recipients") {
				return
			}
			assert.Equal(t, map[string]any{"amount": "20", "currency": "USD", "address": "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ", "notes": "Notes 1"},
				rs[0], "recipients[0], exactly")
			assert.Equal(t, "0.01", rs[2].(map[string]any)["amount"], "recipients[2].amount")
		}))
	params := docPayoutParams()
	po, err := c.Payouts.Create(t.Context(), params)
	require.NoError(t, err)
	assert.Equal(t, "2f065e32-8b11-4081-b302-57f9f9dbd2e4", po.ID)
	assert.Equal(t, PayoutStatusNew, po.Status)
	assert.Equal(t, payoutRef, po.ReferenceID)
	assert.Equal(t, "testnet", po.Network)
	assert.Equal(t, "0.01901596", po.Amount.Total.String())
	assert.Equal(t, "0.00001", po.Amount.NetworkFee.String())
	assert.Equal(t, 5, po.NetworkFee)
	assert.Equal(t, NetworkFeeMerchant, po.NetworkFeePays)
	assert.Equal(t, NetworkFeeNormal, po.NetworkFeePreset)
	assert.NotNil(t, po.ExecutedAt)
	require.Len(t, po.Recipients, 3)
	r1 := po.Recipients[1]
	assert.Equal(t, "d49d2ef4-6613-4870-9fcf-6becce855761", r1.ID)
	assert.Equal(t, "GBP", r1.Amount.Requested.Currency)
	assert.Equal(t, "10", r1.Amount.Requested.Amount.String())
	assert.Equal(t, "0.00353852", r1.Amount.Received.Amount.String())
	assert.Nil(t, r1.CustomFee)
	assert.Equal(t, "Notes 2", r1.Notes)
	assert.NotEmpty(t, po.Raw)
}

func TestPayoutsCreateGeneratesReferenceOnACopy(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent string
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", echoPayout(t,
		func(r *http.Request, p map[string]any) { sent, _ = p["reference_id"].(string) }))
	params := docPayoutParams()
	params.ReferenceID = ""
	_, err := c.Payouts.Create(t.Context(), params)
	require.NoError(t, err)
	_, err = uuid.Parse(sent)
	assert.NoError(t, err, "generated reference_id %q is not a UUID", sent)
	assert.Empty(t, params.ReferenceID, "caller's params were changed")
}

func TestPayoutsCreateEncoding(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", echoPayout(t,
		func(r *http.Request, p map[string]any) { got = p }))
	tag := uint32(1402)
	_, err := c.Payouts.Create(t.Context(), &PayoutParams{
		Kind: "XRP", ProfileID: "p", WalletID: "w", NetworkFeePays: NetworkFeeRecipient, NetworkFeePreset: NetworkFeeEconomy, NetworkFee: 7,
		Recipients: []Recipient{{Amount: decimal.RequireFromString("12.5"), Currency: "XRP", Address: "rQ9zXuCaJfrW1tNiGk9t57GyKB5dmNHdof",
			DestinationTag: &tag, FeeAmount: decimal.RequireFromString("0.1"), FeeCurrency: "XRP",
			ExchangeRateLimit: &ExchangeRateLimit{Pair: "XRP:USD", ExchangeRate: decimal.RequireFromString("0.52"), AllowedDifference: decimal.RequireFromString("0.05")}}},
	})
	require.NoError(t, err)
	for k, v := range map[string]any{"kind": "XRP", "wallet_id": "w", "network_fee_pays": "recipient", "network_fee_preset": "economy"} {
		assert.Equal(t, v, got[k], k)
	}
	r0 := got["recipients"].([]any)[0].(map[string]any)
	for k, v := range map[string]any{"amount": "12.5", "fee_amount": "0.1", "fee_currency": "XRP"} {
		assert.Equal(t, v, r0[k], "recipients[0].%s", k)
	}
	assert.True(t, isJSONInt(got["network_fee"], "7"), "network_fee %#v: want a JSON integer", got["network_fee"])
	assert.True(t, isJSONInt(r0["destination_tag"], "1402"), "destination_tag %#v: want a JSON integer", r0["destination_tag"])
	erl := r0["exchange_rate_limit"].(map[string]any)
	assert.Equal(t, "0.52", erl["exchange_rate"])
	assert.Equal(t, "XRP:USD", erl["pair"])

	// A lightning-to-lightning recipient may leave the amount to the payment request.
	_, err = c.Payouts.Create(t.Context(), &PayoutParams{Kind: "BTC_LIGHTNING_TO_LIGHTNING", ProfileID: "p",
		Recipients: []Recipient{{Currency: "BTC", Address: "lnbc1..."}}})
	require.NoError(t, err)
	assert.NotContains(t, got["recipients"].([]any)[0], "amount", "zero lightning amount was sent")
}

func TestPayoutsCreateValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	ok := func() Recipient {
		return Recipient{Amount: decimal.NewFromInt(1), Currency: "USD", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"}
	}
	with := func(f func(*PayoutParams)) *PayoutParams {
		p := &PayoutParams{ProfileID: "p", Recipients: []Recipient{ok()}}
		f(p)
		return p
	}
	tag := uint32(1)
	cases := map[string]*PayoutParams{
		"params":               nil,
		"profile_id":           with(func(p *PayoutParams) { p.ProfileID = " " }),
		"recipients":           with(func(p *PayoutParams) { p.Recipients = nil }),
		"kind":                 with(func(p *PayoutParams) { p.Kind = "DOGECOIN" }),
		"recipients[0].amount": with(func(p *PayoutParams) { p.Recipients[0].Amount = decimal.Zero }),
		"recipients[1].amount": with(func(p *PayoutParams) {
			p.Recipients = append(p.Recipients, ok())
			p.Recipients[1].Amount = decimal.NewFromInt(-5)
		}),
		"recipients[0].address":         with(func(p *PayoutParams) { p.Recipients[0].Address = "" }),
		"recipients[0].currency":        with(func(p *PayoutParams) { p.Recipients[0].Currency = "" }),
		"recipients[0].fee_amount":      with(func(p *PayoutParams) { p.Recipients[0].FeeAmount = decimal.NewFromInt(-1) }),
		"recipients[0].fee_currency":    with(func(p *PayoutParams) { p.Recipients[0].FeeCurrency = "XYZ" }),
		"recipients[0].destination_tag": with(func(p *PayoutParams) { p.Recipients[0].DestinationTag = &tag }),
		"recipients[0].exchange_rate_limit.exchange_rate": with(func(p *PayoutParams) {
			p.Recipients[0].ExchangeRateLimit = &ExchangeRateLimit{Pair: "BTC:USD"}
		}),
		"network_fee_pays":   with(func(p *PayoutParams) { p.NetworkFeePays = "nobody" }),
		"network_fee_preset": with(func(p *PayoutParams) { p.NetworkFeePreset = "fast" }),
		"network_fee":        with(func(p *PayoutParams) { p.NetworkFee = -1 }),
		"reference_id":       with(func(p *PayoutParams) { p.ReferenceID = string(make([]byte, 256)) }),
	}
	for field, p := range cases {
		_, err := c.Payouts.Create(t.Context(), p)
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, field) {
			assert.Equal(t, field, ve.Field)
		}
	}
	// Too many decimals for the currency.
	_, err := c.Payouts.Create(t.Context(), with(func(p *PayoutParams) { p.Recipients[0].Amount = decimal.RequireFromString("1.001") }))
	assert.ErrorIs(t, err, payments.ErrValidation, "1.001 USD")
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent for invalid params")
}

// attempts records the payloads of the requests a responder sees.
type attempts struct {
	mu       sync.Mutex
	payloads []map[string]any
}

func (a *attempts) add(p map[string]any) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.payloads = append(a.payloads, p)
	return len(a.payloads)
}

// sequence answers the n-th request with the n-th (status, body), repeating the last.
func sequence(t *testing.T, rec *attempts, answers ...[2]string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		n := rec.add(signedPayload(t, r))
		a := answers[min(n, len(answers))-1]
		status, _ := strconv.Atoi(a[0])
		resp := httpmock.NewStringResponse(status, a[1])
		if status == http.StatusTooManyRequests {
			resp.Header.Set("Retry-After", "1")
		}
		return resp, nil
	}
}

const (
	serverError   = `{"result":"error","reason":"ServerError","message":"Internal server error"}`
	duplicateBody = `{"result":"error","reason":"InvalidValue","message":"Payout with this reference_id already exists."}`
)

func TestGetRetriedOn503And429(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var rec attempts
	mt.RegisterResponder("GET", testBase+"/v1/payouts/2f065e32-8b11-4081-b302-57f9f9dbd2e4/",
		sequence(t, &rec, [2]string{"503", "maintenance"}, [2]string{"429", `{"result":"error","reason":"Throttled","message":"slow down"}`}, [2]string{"200", fixture(t, "payout.json")}))
	po, err := c.Payouts.Get(t.Context(), "2f065e32-8b11-4081-b302-57f9f9dbd2e4")
	require.NoError(t, err)
	assert.Equal(t, "2f065e32-8b11-4081-b302-57f9f9dbd2e4", po.ID)
	require.Len(t, rec.payloads, 3, "attempts")
	assert.NotEqual(t, rec.payloads[0]["nonce"], rec.payloads[1]["nonce"], "a retry reused the nonce")
}

func TestPayoutCreateUnknownOutcomeFoundByReference(t *testing.T) {
	t.Parallel()
	for name, answers := range map[string][][2]string{
		"every attempt 500":      {{"500", serverError}},
		"500 then duplicate":     {{"500", serverError}, {"400", duplicateBody}},
		"2xx with broken result": {{"200", `{"result":{"id":42}}`}},
		"2xx not json":           {{"200", `<html>ok</html>`}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var rec attempts
			c, mt := payoutsAnswering(t, sequence(t, &rec, answers...), nil)
			mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 200, listBody(fixtureResult(t, "payout.json")),
				func(r *http.Request, p map[string]any) {
					assert.Equal(t, payoutRef, r.URL.Query().Get("reference_id"), "lookup query")
					assert.Equal(t, payoutRef, p["reference_id"], "lookup payload")
				}))
			po, err := c.Payouts.Create(t.Context(), docPayoutParams())
			require.NoError(t, err)
			assert.Equal(t, "2f065e32-8b11-4081-b302-57f9f9dbd2e4", po.ID)
			assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+testBase+"/v1/payouts/"], "lookups")
		})
	}
}

func TestPayoutCreateRetryKeepsReferenceNewNonce(t *testing.T) {
	t.Parallel()
	var rec attempts
	c, _ := payoutsAnswering(t, sequence(t, &rec, [2]string{"500", serverError}, [2]string{"200", fixture(t, "payout.json")}), nil)
	params := docPayoutParams() // the fixture's reference, so the answer echoes it
	_, err := c.Payouts.Create(t.Context(), params)
	require.NoError(t, err)
	require.Len(t, rec.payloads, 2, "attempts")
	first, second := rec.payloads[0], rec.payloads[1]
	assert.NotEmpty(t, first["reference_id"])
	assert.Equal(t, first["reference_id"], second["reference_id"], "reference_id kept")
	assert.NotEqual(t, first["nonce"], second["nonce"], "nonce reused")
}

func TestPayoutCreateUnknownOutcomeNotFound(t *testing.T) {
	t.Parallel()
	var rec attempts
	c, _ := payoutsAnswering(t, sequence(t, &rec, [2]string{"500", serverError}), respond(t, 200, listBody(), nil))
	params := docPayoutParams()
	params.ReferenceID = ""
	_, err := c.Payouts.Create(t.Context(), params)
	uo := providertest.UnknownOutcome(t, err)
	assert.NotEmpty(t, uo.Reference)
	assert.Equal(t, rec.payloads[0]["reference_id"], uo.Reference, "the error carries the reference sent")
	assert.Len(t, rec.payloads, 3, "attempts")
}

func TestPayoutCreateUnknownOutcomeLookupFails(t *testing.T) {
	t.Parallel()
	var rec attempts
	c, _ := payoutsAnswering(t, sequence(t, &rec, [2]string{"500", serverError}), respond(t, 401, `{"result":"error","reason":"Unauthorized","message":"no"}`, nil))
	_, err := c.Payouts.Create(t.Context(), docPayoutParams())
	assertUnknownOutcome(t, err, payoutRef)
}

func TestPayoutCreateDuplicateReference(t *testing.T) {
	t.Parallel()
	c, mt := payoutsAnswering(t, respond(t, 400, duplicateBody, nil), nil)
	other := `{"id":"other","reference_id":"` + payoutRef + `","kind":"BTC","status":"new","created_at":"2019-02-11T03:04:51+00:00","recipients":[{"address":"elsewhere","amount":{"requested":{"amount":"9","currency":"BTC"}}}]}`
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 200, listBody(other), nil))
	_, err := c.Payouts.Create(t.Context(), docPayoutParams())
	require.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	info := mt.GetCallCountInfo()
	assert.Equal(t, 1, info["POST "+testBase+"/v1/payouts/"], "a reused reference is never retried")
	assert.Equal(t, 1, info["GET "+testBase+"/v1/payouts/"], "the payout under the reference is looked up once")
}

// TestPayoutCreateDuplicateLookupFails: the reference is taken (after our
// own first attempt got a 500, or by an earlier call of ours whose answer
// was lost) and the lookup that would tell whose payout it is fails with a
// 5xx, a timeout or a cut answer. The payout may be ours: the error is an
// unknown outcome with the reference, and never ErrDuplicateReference.
func TestPayoutCreateDuplicateLookupFails(t *testing.T) {
	t.Parallel()
	for name, create := range map[string][]string{
		"duplicate":          {duplicateBody},
		"500 then duplicate": {serverError, duplicateBody},
	} {
		for lname, lookup := range map[string]httpmock.Responder{
			"5xx":       httpmock.NewStringResponder(503, `{"result":"error","reason":"ServiceUnavailable","message":"down"}`),
			"timeout":   httpmock.NewErrorResponder(context.DeadlineExceeded),
			"truncated": httpmock.NewStringResponder(200, listBody(fixtureResult(t, "payout.json"))[:40]),
		} {
			t.Run(name+"/"+lname, func(t *testing.T) {
				t.Parallel()
				c, mt := newTestClient(t)
				var n atomic.Int64
				mt.RegisterResponder("POST", testBase+"/v1/payouts/", func(r *http.Request) (*http.Response, error) {
					i := min(int(n.Add(1))-1, len(create)-1)
					status := 400
					if create[i] == serverError {
						status = 500
					}
					return respond(t, status, create[i], nil)(r)
				})
				mt.RegisterResponder("GET", testBase+"/v1/payouts/", lookup)
				_, err := c.Payouts.Create(t.Context(), docPayoutParams())
				require.ErrorIs(t, err, payments.ErrUnknownOutcome)
				assert.NotErrorIs(t, err, payments.ErrDuplicateReference, "the merchant's own payout reported as someone else's")
				assert.True(t, payments.OneMeaning(err))
				assertUnknownOutcome(t, err, payoutRef)
			})
		}
	}
}

func TestPayoutCreateUnauthorized(t *testing.T) {
	t.Parallel()
	c, mt := payoutsAnswering(t, respond(t, 401, `{"result":"error","reason":"InvalidSignature","message":"bad signature"}`, nil), nil)
	_, err := c.Payouts.Create(t.Context(), docPayoutParams())
	require.ErrorIs(t, err, payments.ErrUnauthorized)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "InvalidSignature", apiErr.Code)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "requests")
}

func TestPayoutsFindByReference(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	other := `{"id":"other","reference_id":"unique-payout-id-123-b","status":"new","created_at":"2019-02-11T03:04:51+00:00"}`
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", func(r *http.Request) (*http.Response, error) {
		signedPayload(t, r)
		switch r.URL.Query().Get("reference_id") {
		case payoutRef:
			return httpmock.NewStringResponse(200, listBody(other, fixtureResult(t, "payout.json"))), nil
		case "loose":
			return httpmock.NewStringResponse(200, listBody(other)), nil
		}
		return httpmock.NewStringResponse(200, listBody()), nil
	})
	po, err := c.Payouts.FindByReference(t.Context(), payoutRef)
	require.NoError(t, err)
	assert.Equal(t, "2f065e32-8b11-4081-b302-57f9f9dbd2e4", po.ID)
	for _, ref := range []string{"loose", "missing"} {
		_, err := c.Payouts.FindByReference(t.Context(), ref)
		assert.ErrorIs(t, err, payments.ErrNotFound, ref)
	}
	_, err = c.Payouts.FindByReference(t.Context(), "")
	assert.ErrorIs(t, err, payments.ErrValidation, "empty reference")
}

func TestPayoutsListAll(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 200, listBody(fixtureResult(t, "payout.json")),
		func(r *http.Request, p map[string]any) {
			for k, v := range map[string]string{"txid": "tx", "address": "addr", "reference_id": "ref"} {
				assert.Equal(t, v, r.URL.Query().Get(k), "query %s", k)
				assert.Equal(t, v, p[k], "payload %s", k)
			}
		}))
	params := &PayoutListParams{TxID: "tx", Address: "addr", ReferenceID: "ref"}
	page, err := c.Payouts.List(t.Context(), params)
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	n := 0
	for po, err := range c.Payouts.All(t.Context(), params) {
		require.NoError(t, err)
		assert.Len(t, po.Recipients, 3, "recipients")
		n++
	}
	assert.Equal(t, 1, n, "All yielded")
}

func TestPayoutsApproveReject(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got []any
	mt.RegisterResponder("PUT", testBase+"/v1/payouts/42dbee1d-8659-44c3-aab2-6e414c5825a5/", respond(t, 200, fixture(t, "payout.json"),
		func(r *http.Request, p map[string]any) { got = append(got, p["approve"]) }))
	_, err := c.Payouts.Approve(t.Context(), "42dbee1d-8659-44c3-aab2-6e414c5825a5")
	require.NoError(t, err)
	_, err = c.Payouts.Reject(t.Context(), "42dbee1d-8659-44c3-aab2-6e414c5825a5")
	require.NoError(t, err)
	assert.Equal(t, []any{true, false}, got, "approve values")
	_, err = c.Payouts.Approve(t.Context(), "")
	assert.ErrorIs(t, err, payments.ErrValidation, "empty id")
}
