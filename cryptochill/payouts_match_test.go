package cryptochill

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// otherPayoutParams reuses the fixture payout's reference for a different
// payout: 0.005 BTC to another address.
func otherPayoutParams() *PayoutParams {
	p := docPayoutParams()
	p.Recipients = []Recipient{{Amount: decimal.RequireFromString("0.005"), Currency: "BTC", Address: "tb1qotheraddress"}}
	return p
}

// A reference reused after a timeout with different parameters used to
// return the old payout as success: now the lookup is compared with what was
// asked and a mismatch is ErrDuplicateReference.
func TestPayoutCreateReusedReferenceAfterTimeout(t *testing.T) {
	t.Parallel()
	c, _ := payoutsAnswering(t, respond(t, 500, serverError, nil), respond(t, 200, listBody(fixtureResult(t, "payout.json")), nil))
	po, err := c.Payouts.Create(t.Context(), otherPayoutParams())
	assert.Nil(t, po)
	require.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	var me *payments.ReferenceMismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "recipients", me.Field)
	assert.Equal(t, payoutRef, me.Reference)
}

// A duplicate-reference answer to our own retry (the payout exists from an
// earlier attempt) returns that payout when it matches.
func TestPayoutCreateDuplicateAnswerToOwnRetry(t *testing.T) {
	t.Parallel()
	c, _ := payoutsAnswering(t, respond(t, 400, duplicateBody, nil), respond(t, 200, listBody(fixtureResult(t, "payout.json")), nil))
	po, err := c.Payouts.Create(t.Context(), docPayoutParams())
	require.NoError(t, err)
	assert.Equal(t, "2f065e32-8b11-4081-b302-57f9f9dbd2e4", po.ID)

	// The same answer for different parameters is somebody else's payout.
	_, err = c.Payouts.Create(t.Context(), otherPayoutParams())
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
}

// Taken but not listed yet: the outcome is unknown, not "duplicate".
func TestPayoutCreateDuplicateNotListedYet(t *testing.T) {
	t.Parallel()
	c, _ := payoutsAnswering(t, respond(t, 400, duplicateBody, nil), respond(t, 200, listBody(), nil))
	_, err := c.Payouts.Create(t.Context(), docPayoutParams())
	assertUnknownOutcome(t, err, payoutRef)
}

// A 200 whose body does not echo what was sent is not taken as success.
func TestPayoutCreateAnswerMustEcho(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(string) string{
		"another reference": func(b string) string { return strings.Replace(b, payoutRef, "someone-else", 1) },
		"another amount":    func(b string) string { return strings.Replace(b, `"20.00000000"`, `"2000.00000000"`, 1) },
		"another address": func(b string) string {
			return strings.Replace(b, "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ", "2Nattacker", 1)
		},
		"fewer recipients": func(b string) string { return b[:strings.Index(b, `"recipients"`)] + `"recipients": []}}` },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := payoutsAnswering(t, respond(t, 200, edit(fixture(t, "payout.json")), nil), respond(t, 200, listBody(), nil))
			po, err := c.Payouts.Create(t.Context(), docPayoutParams())
			assert.Nil(t, po)
			assertUnknownOutcome(t, err, payoutRef)
			assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+testBase+"/v1/payouts/"], "looked up by reference")
		})
	}
	// The echo that matches is success, with no lookup.
	c, mt := payoutsAnswering(t, respond(t, 200, fixture(t, "payout.json"), nil), nil)
	po, err := c.Payouts.Create(t.Context(), docPayoutParams())
	require.NoError(t, err)
	assert.Equal(t, payoutRef, po.ReferenceID)
	assert.Zero(t, mt.GetCallCountInfo()["GET "+testBase+"/v1/payouts/"])
}

// echoPayout answers a payout create with the fixture payout carrying what
// was sent (reference, kind, recipients), the way the API does.
func echoPayout(t *testing.T, check func(r *http.Request, payload map[string]any)) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		p := signedPayload(t, r)
		if check != nil {
			check(r, p)
		}
		var po map[string]any
		dec := json.NewDecoder(strings.NewReader(fixtureResult(t, "payout.json")))
		dec.UseNumber() // numbers keep their text, never binary floating point
		require.NoError(t, dec.Decode(&po))
		po["reference_id"] = p["reference_id"]
		if k, ok := p["kind"]; ok {
			po["kind"] = k
		}
		var rcpts []any
		for _, x := range p["recipients"].([]any) {
			rc := x.(map[string]any)
			addr := rc["address"].(string)
			if tag, ok := rc["destination_tag"]; ok {
				addr += ":" + fmt.Sprint(tag)
			}
			amount, ok := rc["amount"]
			if !ok {
				amount = "0.0001" // a lightning payment request's own amount
			}
			rcpts = append(rcpts, map[string]any{"address": addr,
				"amount": map[string]any{"requested": map[string]any{"amount": amount, "currency": rc["currency"]}}})
		}
		po["recipients"] = rcpts
		body, err := json.Marshal(map[string]any{"result": po})
		require.NoError(t, err)
		resp := httpmock.NewBytesResponse(200, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

// A verify-only adapter verifies callbacks and refuses everything else.
func TestWebhookAdapter(t *testing.T) {
	t.Parallel()
	a := NewWebhookAdapter(testToken)
	assert.Equal(t, payments.Capabilities(0), a.Capabilities())
	body, header, err := SignTestWebhook(testToken, []byte(`{"callback_status":"invoice_complete","invoice":{"id":"i1","status":"complete"}}`))
	require.NoError(t, err)
	r, _ := http.NewRequest(http.MethodPost, "/cb", strings.NewReader(string(body)))
	r.Header = header
	ev, err := a.ParseWebhook(r)
	require.NoError(t, err)
	assert.False(t, ev.BodyAuthenticated)
	assert.Empty(t, ev.DedupeKey)
	assert.Equal(t, "i1", ev.ObjectID)
	_, err = a.Refresh(t.Context(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreatePayout(t.Context(), &payments.PayoutParams{Amount: payments.MustMoney("1", "BTC"), Address: "x"})
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.GetInvoice(t.Context(), "i1")
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	var c *Client
	assert.False(t, a.As(&c))
	assert.NotContains(t, fmt.Sprintf("%+v %#v %s", a, a, a), testToken)
}

// CryptoChill does not deduplicate invoices, so an invoice create is never
// retried; its unknown outcome still carries the reference it sent (it used
// to carry an empty one), and a create answer that does not echo the amount
// is not success.
func TestAdapterCreateInvoiceUnknownOutcomeCarriesReference(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/invoices/", respond(t, 500, serverError, nil))
	a := newAdapter(t, c, AdapterOptions{ProfileID: "p"})
	_, err := a.CreateInvoice(t.Context(), &payments.InvoiceParams{Amount: payments.MustMoney("10", "USD"), Reference: "order-9"})
	assertUnknownOutcome(t, err, "order-9")
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+testBase+"/v1/invoices/"], "an invoice create is not retried")
	assert.False(t, a.Capabilities().Has(payments.CapFindInvoice))
	_, err = a.FindInvoice(t.Context(), "order-9")
	assert.ErrorIs(t, err, payments.ErrUnsupported)

	c, mt = newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/invoices/", respond(t, 200, fixture(t, "invoice.json"), nil))
	a = newAdapter(t, c, AdapterOptions{ProfileID: "p"})
	_, err = a.CreateInvoice(t.Context(), &payments.InvoiceParams{Amount: payments.MustMoney("99", "USD"), Reference: "order-9"})
	assertUnknownOutcome(t, err, "order-9", "an answer for another amount")
}
