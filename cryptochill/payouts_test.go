package cryptochill

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
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
	if err := json.Unmarshal([]byte(fixture(t, name)), &env); err != nil {
		t.Fatal(err)
	}
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
			if p["profile_id"] != "e4e197bf-486d-4f57-a064-2d047c6cafae" || p["reference_id"] != payoutRef || p["passthrough"] != `{"user_id": 123}` {
				t.Errorf("payload = %v", p)
			}
			for _, k := range []string{"kind", "wallet_id", "network_fee", "network_fee_pays", "network_fee_preset"} {
				if _, ok := p[k]; ok {
					t.Errorf("unset %s was sent: %v", k, p[k])
				}
			}
			rs, _ := p["recipients"].([]any)
			if len(rs) != 3 {
				t.Fatalf("recipients = %#v", p["recipients"])
			}
			r0 := rs[0].(map[string]any)
			want := map[string]any{"amount": "20", "currency": "USD", "address": "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ", "notes": "Notes 1"}
			if len(r0) != len(want) {
				t.Errorf("recipient 0 = %v, want exactly %v", r0, want)
			}
			for k, v := range want {
				if r0[k] != v {
					t.Errorf("recipients[0].%s = %#v, want %#v", k, r0[k], v)
				}
			}
			if a := rs[2].(map[string]any)["amount"]; a != "0.01" {
				t.Errorf("recipients[2].amount = %#v", a)
			}
		}))
	params := docPayoutParams()
	po, err := c.Payouts.Create(context.Background(), params)
	if err != nil {
		t.Fatal(err)
	}
	if po.ID != "2f065e32-8b11-4081-b302-57f9f9dbd2e4" || po.Status != PayoutNew || po.ReferenceID != payoutRef || po.Network != "testnet" {
		t.Fatalf("payout = %+v", po)
	}
	if po.Amount.Total.String() != "0.01901596" || po.Amount.NetworkFee.String() != "0.00001" || po.NetworkFee != 5 {
		t.Errorf("amounts = %+v, network_fee %d", po.Amount, po.NetworkFee)
	}
	if po.NetworkFeePays != NetworkFeeMerchant || po.NetworkFeePreset != NetworkFeeNormal || po.ExecutedAt == nil {
		t.Errorf("fee settings %q %q, executed_at %v", po.NetworkFeePays, po.NetworkFeePreset, po.ExecutedAt)
	}
	if len(po.Recipients) != 3 {
		t.Fatalf("recipients = %+v", po.Recipients)
	}
	r1 := po.Recipients[1]
	if r1.ID != "d49d2ef4-6613-4870-9fcf-6becce855761" || r1.Amount.Requested.Currency != "GBP" ||
		r1.Amount.Requested.Amount.String() != "10" || r1.Amount.Received.Amount.String() != "0.00353852" ||
		r1.CustomFee != nil || r1.Notes != "Notes 2" {
		t.Errorf("recipient 1 = %+v", r1)
	}
	if len(po.Raw) == 0 {
		t.Error("Raw is empty")
	}
}

func TestPayoutsCreateGeneratesReferenceOnACopy(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent string
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", echoPayout(t,
		func(r *http.Request, p map[string]any) { sent, _ = p["reference_id"].(string) }))
	params := docPayoutParams()
	params.ReferenceID = ""
	if _, err := c.Payouts.Create(context.Background(), params); err != nil {
		t.Fatal(err)
	}
	if _, err := uuid.Parse(sent); err != nil {
		t.Errorf("generated reference_id %q is not a UUID", sent)
	}
	if params.ReferenceID != "" {
		t.Errorf("caller's params were changed: ReferenceID = %q", params.ReferenceID)
	}
}

func TestPayoutsCreateEncoding(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", echoPayout(t,
		func(r *http.Request, p map[string]any) { got = p }))
	tag := uint32(1402)
	_, err := c.Payouts.Create(context.Background(), &PayoutParams{
		Kind: "XRP", ProfileID: "p", WalletID: "w", NetworkFeePays: NetworkFeeRecipient, NetworkFeePreset: NetworkFeeEconomy, NetworkFee: 7,
		Recipients: []Recipient{{Amount: decimal.RequireFromString("12.5"), Currency: "XRP", Address: "rQ9zXuCaJfrW1tNiGk9t57GyKB5dmNHdof",
			DestinationTag: &tag, FeeAmount: decimal.RequireFromString("0.1"), FeeCurrency: "XRP",
			ExchangeRateLimit: &ExchangeRateLimit{Pair: "XRP:USD", ExchangeRate: decimal.RequireFromString("0.52"), AllowedDifference: decimal.RequireFromString("0.05")}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]any{"kind": "XRP", "wallet_id": "w", "network_fee_pays": "recipient", "network_fee_preset": "economy"} {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	r0 := got["recipients"].([]any)[0].(map[string]any)
	for k, v := range map[string]any{"amount": "12.5", "fee_amount": "0.1", "fee_currency": "XRP"} {
		if r0[k] != v {
			t.Errorf("recipients[0].%s = %#v, want %#v", k, r0[k], v)
		}
	}
	if !isJSONInt(got["network_fee"], "7") || !isJSONInt(r0["destination_tag"], "1402") {
		t.Errorf("network_fee %#v, destination_tag %#v: want JSON integers", got["network_fee"], r0["destination_tag"])
	}
	if erl := r0["exchange_rate_limit"].(map[string]any); erl["exchange_rate"] != "0.52" || erl["pair"] != "XRP:USD" {
		t.Errorf("exchange_rate_limit = %v", erl)
	}

	// A lightning-to-lightning recipient may leave the amount to the payment request.
	_, err = c.Payouts.Create(context.Background(), &PayoutParams{Kind: "BTC_LIGHTNING_TO_LIGHTNING", ProfileID: "p",
		Recipients: []Recipient{{Currency: "BTC", Address: "lnbc1..."}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["recipients"].([]any)[0].(map[string]any)["amount"]; ok {
		t.Error("zero lightning amount was sent")
	}
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
		_, err := c.Payouts.Create(context.Background(), p)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	// Too many decimals for the currency.
	_, err := c.Payouts.Create(context.Background(), with(func(p *PayoutParams) { p.Recipients[0].Amount = decimal.RequireFromString("1.001") }))
	if !errors.Is(err, payments.ErrValidation) {
		t.Errorf("1.001 USD: %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
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
	po, err := c.Payouts.Get(context.Background(), "2f065e32-8b11-4081-b302-57f9f9dbd2e4")
	if err != nil {
		t.Fatal(err)
	}
	if po.ID != "2f065e32-8b11-4081-b302-57f9f9dbd2e4" || len(rec.payloads) != 3 {
		t.Fatalf("payout %q after %d attempts", po.ID, len(rec.payloads))
	}
	if rec.payloads[0]["nonce"] == rec.payloads[1]["nonce"] {
		t.Error("a retry reused the nonce")
	}
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
			c, mt := newTestClient(t)
			var rec attempts
			mt.RegisterResponder("POST", testBase+"/v1/payouts/", sequence(t, &rec, answers...))
			mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 200, listBody(fixtureResult(t, "payout.json")),
				func(r *http.Request, p map[string]any) {
					if r.URL.Query().Get("reference_id") != payoutRef || p["reference_id"] != payoutRef {
						t.Errorf("lookup by %q / %v", r.URL.Query().Get("reference_id"), p["reference_id"])
					}
				}))
			po, err := c.Payouts.Create(context.Background(), docPayoutParams())
			if err != nil {
				t.Fatal(err)
			}
			if po.ID != "2f065e32-8b11-4081-b302-57f9f9dbd2e4" {
				t.Fatalf("payout = %+v", po)
			}
			if got := mt.GetCallCountInfo()["GET "+testBase+"/v1/payouts/"]; got != 1 {
				t.Errorf("%d lookups", got)
			}
		})
	}
}

func TestPayoutCreateRetryKeepsReferenceNewNonce(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var rec attempts
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", sequence(t, &rec, [2]string{"500", serverError}, [2]string{"200", fixture(t, "payout.json")}))
	params := docPayoutParams() // the fixture's reference, so the answer echoes it
	if _, err := c.Payouts.Create(context.Background(), params); err != nil {
		t.Fatal(err)
	}
	if len(rec.payloads) != 2 {
		t.Fatalf("%d attempts", len(rec.payloads))
	}
	first, second := rec.payloads[0], rec.payloads[1]
	if first["reference_id"] == "" || first["reference_id"] != second["reference_id"] {
		t.Errorf("reference_id %v then %v", first["reference_id"], second["reference_id"])
	}
	if first["nonce"] == second["nonce"] {
		t.Errorf("nonce %v reused", first["nonce"])
	}
}

func TestPayoutCreateUnknownOutcomeNotFound(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var rec attempts
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", sequence(t, &rec, [2]string{"500", serverError}))
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 200, listBody(), nil))
	params := docPayoutParams()
	params.ReferenceID = ""
	_, err := c.Payouts.Create(context.Background(), params)
	var uo *payments.UnknownOutcomeError
	if !errors.Is(err, payments.ErrUnknownOutcome) || !errors.As(err, &uo) {
		t.Fatalf("err = %v", err)
	}
	if sent := rec.payloads[0]["reference_id"]; uo.Reference == "" || uo.Reference != sent {
		t.Errorf("error reference %q, sent %v", uo.Reference, sent)
	}
	if len(rec.payloads) != 3 {
		t.Errorf("%d attempts, want 3", len(rec.payloads))
	}
}

func TestPayoutCreateUnknownOutcomeLookupFails(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var rec attempts
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", sequence(t, &rec, [2]string{"500", serverError}))
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 401, `{"result":"error","reason":"Unauthorized","message":"no"}`, nil))
	_, err := c.Payouts.Create(context.Background(), docPayoutParams())
	var uo *payments.UnknownOutcomeError
	if !errors.As(err, &uo) || uo.Reference != payoutRef {
		t.Fatalf("err = %v", err)
	}
}

func TestPayoutCreateDuplicateReference(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", respond(t, 400, duplicateBody, nil))
	_, err := c.Payouts.Create(context.Background(), docPayoutParams())
	if !errors.Is(err, payments.ErrDuplicateReference) || errors.Is(err, payments.ErrUnknownOutcome) {
		t.Fatalf("err = %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests: a reused reference must be neither retried nor looked up", n)
	}
}

func TestPayoutCreateUnauthorized(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", respond(t, 401, `{"result":"error","reason":"InvalidSignature","message":"bad signature"}`, nil))
	_, err := c.Payouts.Create(context.Background(), docPayoutParams())
	var apiErr *payments.APIError
	if !errors.Is(err, payments.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Code != "InvalidSignature" {
		t.Fatalf("err = %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests", n)
	}
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
	po, err := c.Payouts.FindByReference(context.Background(), payoutRef)
	if err != nil || po.ID != "2f065e32-8b11-4081-b302-57f9f9dbd2e4" {
		t.Fatalf("found %+v, %v", po, err)
	}
	for _, ref := range []string{"loose", "missing"} {
		if _, err := c.Payouts.FindByReference(context.Background(), ref); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("%s: err = %v", ref, err)
		}
	}
	if _, err := c.Payouts.FindByReference(context.Background(), ""); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("empty reference: %v", err)
	}
}

func TestPayoutsListAll(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/payouts/", respond(t, 200, listBody(fixtureResult(t, "payout.json")),
		func(r *http.Request, p map[string]any) {
			for k, v := range map[string]string{"txid": "tx", "address": "addr", "reference_id": "ref"} {
				if r.URL.Query().Get(k) != v || p[k] != v {
					t.Errorf("%s: query %q payload %v", k, r.URL.Query().Get(k), p[k])
				}
			}
		}))
	params := &PayoutListParams{TxID: "tx", Address: "addr", ReferenceID: "ref"}
	page, err := c.Payouts.List(context.Background(), params)
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("page %+v, %v", page, err)
	}
	n := 0
	for po, err := range c.Payouts.All(context.Background(), params) {
		if err != nil {
			t.Fatal(err)
		}
		if len(po.Recipients) != 3 {
			t.Errorf("recipients = %d", len(po.Recipients))
		}
		n++
	}
	if n != 1 {
		t.Errorf("All yielded %d", n)
	}
}

func TestPayoutsApproveReject(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got []any
	mt.RegisterResponder("PUT", testBase+"/v1/payouts/42dbee1d-8659-44c3-aab2-6e414c5825a5/", respond(t, 200, fixture(t, "payout.json"),
		func(r *http.Request, p map[string]any) { got = append(got, p["approve"]) }))
	if _, err := c.Payouts.Approve(context.Background(), "42dbee1d-8659-44c3-aab2-6e414c5825a5"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Payouts.Reject(context.Background(), "42dbee1d-8659-44c3-aab2-6e414c5825a5"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != true || got[1] != false {
		t.Errorf("approve values = %v", got)
	}
	if _, err := c.Payouts.Approve(context.Background(), ""); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("empty id: %v", err)
	}
}

func TestPayoutsConfirmations(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/payouts/confirmations/", respond(t, 200, fixture(t, "confirmations.json"),
		func(r *http.Request, p map[string]any) {
			if ids, _ := p["id"].([]any); len(ids) != 1 || ids[0] != "9094fefe-3ac2-49b3-99ec-9b719331316c" {
				t.Errorf("id = %#v", p["id"])
			}
		}))
	got, err := c.Payouts.Confirmations(context.Background(), "9094fefe-3ac2-49b3-99ec-9b719331316c")
	if err != nil || len(got) != 2 || got[1].Confirmations != 7 {
		t.Fatalf("confirmations %+v, %v", got, err)
	}
	if _, err := c.Payouts.Confirmations(context.Background()); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("no ids: %v", err)
	}
}
