package cryptopay

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func refundJSON(id, invoiceID, customID, address string) string {
	b, _ := json.Marshal(map[string]any{"id": id, "invoice_id": invoiceID, "custom_id": customID, "address": address, "network": "bitcoin",
		"amount": "0.0099", "amount_currency": "BTC", "fee": "0.0001", "fee_currency": "BTC", "txid": nil, "risk": nil,
		"created_at": "2026-01-01T00:00:00Z"})
	return string(b)
}

// TestRefundFillsCustomID: a refund without custom_id (nil params too)
// sends a UUID, on a copy of the caller's params.
func TestRefundFillsCustomID(t *testing.T) {
	t.Parallel()
	for _, p := range []*RefundParams{nil, {Address: "2N9w"}} {
		c, mt := newTestClient(t)
		var sent map[string]any
		mt.RegisterResponder("POST", testBase+"/api/invoices/inv-1/refunds", func(r *http.Request) (*http.Response, error) {
			require.NoError(t, json.Unmarshal(checkSigned(t, r), &sent))
			id, _ := sent["custom_id"].(string)
			return httpmockString(201, data(refundJSON("rf-1", "inv-1", id, "2N9w"))), nil
		})
		r, err := c.Invoices.CreateRefund(ctxT(t), "inv-1", p)
		require.NoError(t, err)
		assert.Len(t, sent["custom_id"], 36)
		assert.Equal(t, sent["custom_id"], r.CustomID)
		if p != nil {
			assert.Empty(t, p.CustomID, "the caller's params are not changed")
			assert.Equal(t, "2N9w", sent["address"])
		} else {
			assert.NotContains(t, sent, "address", "address only when given")
		}
	}
}

// TestRefundUnknownOutcomeSettled: the first attempt did the work and lost
// its answer, the retry is "custom_id taken"; the invoice's refunds (two
// pages) hold the refund with our custom_id, and it is returned.
func TestRefundUnknownOutcomeSettled(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	attempts := 0
	mt.RegisterResponder("POST", testBase+"/api/invoices/inv-1/refunds", func(r *http.Request) (*http.Response, error) {
		checkSigned(t, r)
		attempts++
		if attempts == 1 {
			return httpmockString(500, `oops`), nil
		}
		return httpmockString(409, `{"error":{"code":"conflict","message":"custom_id has already been taken"},"meta":{"request_id":"r"}}`), nil
	})
	mt.RegisterResponder("GET", testBase+"/api/invoices/inv-1/refunds", func(r *http.Request) (*http.Response, error) {
		checkSigned(t, r)
		if r.URL.Query().Get("starting_after") == "" {
			return httpmockString(200, list(true, refundJSON("rf-0", "inv-1", "other", "2N9w"))), nil
		}
		return httpmockString(200, list(false, refundJSON("rf-1", "inv-1", "rf-ref", "2N9w"))), nil
	})
	r, err := c.Invoices.CreateRefund(ctxT(t), "inv-1", &RefundParams{Address: "2N9w", CustomID: "rf-ref"})
	require.NoError(t, err)
	assert.Equal(t, "rf-1", r.ID)
	assert.Equal(t, 2, attempts)
}

// TestRefundLookupFails: a refund create whose outcome is unknown and whose
// settling lookup fails (or does not find it yet) is an unknown outcome
// carrying the custom_id, never ErrDuplicateReference.
func TestRefundLookupFails(t *testing.T) {
	t.Parallel()
	faults := map[string]httpmock.Responder{
		"absent": httpmock.NewStringResponder(200, list(false, refundJSON("rf-0", "inv-1", "other", "2N9w"))),
	}
	for k, v := range lookupFaults {
		faults[k] = v
	}
	for name, lookup := range faults {
		for _, first := range []int{500, 409} {
			t.Run(name+"/"+itoa(first), func(t *testing.T) {
				t.Parallel()
				c, mt := newTestClient(t)
				mt.RegisterResponder("POST", testBase+"/api/invoices/inv-1/refunds", func(r *http.Request) (*http.Response, error) {
					if first == 409 {
						return httpmockString(409, `{"error":{"code":"conflict","message":"taken"},"meta":{"request_id":"r"}}`), nil
					}
					return httpmockString(502, `bad gateway`), nil
				})
				mt.RegisterResponder("GET", testBase+"/api/invoices/inv-1/refunds", lookup)
				ctx, cancel := context.WithTimeout(ctxT(t), 300*1e6)
				defer cancel()
				_, err := c.Invoices.CreateRefund(ctx, "inv-1", &RefundParams{CustomID: "rf-ref"})
				providertest.OwnUnknownOutcome(t, err, "rf-ref")
			})
		}
	}
}

// TestRefundEchoChecked: an answer that is not our refund (another
// custom_id, another invoice, another address) is not taken for it.
func TestRefundEchoChecked(t *testing.T) {
	t.Parallel()
	for name, answer := range map[string]string{
		"custom_id": refundJSON("rf-9", "inv-1", "someone-else", "2N9w"),
		"invoice":   refundJSON("rf-9", "inv-2", "rf-ref", "2N9w"),
		"address":   refundJSON("rf-9", "inv-1", "rf-ref", "2N9wOTHER"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder("POST", testBase+"/api/invoices/inv-1/refunds", httpmock.NewStringResponder(201, data(answer)))
			mt.RegisterResponder("GET", testBase+"/api/invoices/inv-1/refunds", httpmock.NewStringResponder(500, `oops`))
			_, err := c.Invoices.CreateRefund(ctxT(t), "inv-1", &RefundParams{Address: "2N9w", CustomID: "rf-ref"})
			assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
			assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
		})
	}
	// Found by its custom_id but to another address: somebody else's refund.
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/invoices/inv-1/refunds", httpmock.NewStringResponder(409, `{"error":{"code":"conflict","message":"taken"}}`))
	mt.RegisterResponder("GET", testBase+"/api/invoices/inv-1/refunds", httpmock.NewStringResponder(200, list(false, refundJSON("rf-3", "inv-1", "rf-ref", "2N9wOTHER"))))
	_, err := c.Invoices.CreateRefund(ctxT(t), "inv-1", &RefundParams{Address: "2N9w", CustomID: "rf-ref"})
	var mm *payments.ReferenceMismatchError
	require.ErrorAs(t, err, &mm)
	assert.Equal(t, "address", mm.Field)
	assert.Equal(t, "rf-3", mm.ID)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
}

// TestRefundValidation: bad refund parameters are refused before any request.
func TestRefundValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	long := make([]byte, 256)
	for i := range long {
		long[i] = 'a'
	}
	for name, p := range map[string]*RefundParams{
		"beneficiary missing":   {TravelRuleCompliant: true},
		"beneficiary type":      {TravelRuleCompliant: true, Beneficiary: &Beneficiary{Type: "robot", Name: "A", Address: BeneficiaryAddress{Country: "DE", City: "B", Line1: "L", PostCode: "1"}}},
		"beneficiary post code": {TravelRuleCompliant: true, Beneficiary: &Beneficiary{Type: BeneficiaryLegalPerson, Name: "A", Address: BeneficiaryAddress{Country: "DE", City: "B", Line1: "L"}}},
		"custom_id too long":    {CustomID: string(long)},
		"address with spaces":   {Address: "2N9w x"},
	} {
		_, err := c.Invoices.CreateRefund(ctxT(t), "inv-1", p)
		var ve *payments.ValidationError
		assert.True(t, errors.As(err, &ve), "%s: %v", name, err)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "no request")
}
