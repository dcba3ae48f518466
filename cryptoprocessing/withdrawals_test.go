package cryptoprocessing

import (
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dest = "tb1qurv0m4ufsj8xqejvmn0y43kqew33kvqrrxswgm"

func TestWithdrawalsCrypto(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/withdrawal/crypto", 201, fixture(t, "withdrawal.json"),
		wantBody(t, `{"foreign_id":"payout-77","amount":"0.01","currency":"BTC","address":"`+dest+`","end_user_reference":"eu-1"}`))
	w, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{
		ForeignID: "payout-77", Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: dest, EndUserReference: "eu-1"})
	require.NoError(t, err)
	assert.Equal(t, "2686100", w.ID)
	assert.Equal(t, WithdrawalStatusProcessing, w.Status)
	assert.Equal(t, TypeWithdrawal, w.Type)
	assert.Equal(t, "0.01", w.Amount.String(), "Amount")
	assert.Nil(t, w.Transaction)
	assert.NotEmpty(t, w.Raw)
}

func TestWithdrawalsCryptoExchangeAndGeneratedForeignID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent map[string]any
	mt.RegisterResponder("POST", testBase+"/withdrawal/crypto", func(r *http.Request) (*http.Response, error) {
		sent = decodeJSON(t, signedBody(t, r))
		// The answer echoes the foreign_id sent.
		resp := httpmock.NewStringResponse(201, strings.Replace(fixture(t, "withdrawal_exchange.json"), "payout-78", sent["foreign_id"].(string), 1))
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	})
	p := &WithdrawalParams{Amount: decimal.RequireFromString("100"), Currency: "EUR", ConvertTo: "BTC", Address: dest, Tag: "12345"}
	w, err := c.Withdrawals.Crypto(t.Context(), p)
	require.NoError(t, err)
	fid, _ := sent["foreign_id"].(string)
	_, err = uuid.Parse(fid)
	require.NoError(t, err, "generated foreign_id %q is not a UUID", fid)
	assert.Empty(t, p.ForeignID, "Crypto changed the caller's params")
	assert.Equal(t, "100", sent["amount"], "body amount")
	assert.Equal(t, "BTC", sent["convert_to"], "body convert_to")
	assert.Equal(t, "12345", sent["tag"], "body tag")
	// receiver_amount is absent from this answer.
	assert.Equal(t, fid, w.ForeignID)
	assert.Equal(t, TypeWithdrawalExchange, w.Type)
	assert.True(t, w.ReceiverAmount.IsZero(), "ReceiverAmount = %s", w.ReceiverAmount)
	assert.Equal(t, "BTC", w.ReceiverCurrency)
}

func TestWithdrawalsCryptoValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	one := decimal.NewFromInt(1)
	for field, p := range map[string]*WithdrawalParams{
		"params":     nil,
		"currency":   {Amount: one, Address: dest},
		"amount":     {Amount: decimal.Zero, Currency: "BTC", Address: dest},
		"address":    {Amount: one, Currency: "BTC"},
		"convert_to": {Amount: one, Currency: "BTC", Address: dest, ConvertTo: "BTC"},
		"foreign_id": {ForeignID: strings.Repeat("x", 256), Amount: one, Currency: "BTC", Address: dest},
	} {
		_, err := c.Withdrawals.Crypto(t.Context(), p)
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, field) {
			assert.Equal(t, field, ve.Field)
		}
	}
	// More decimals than BTC has, and a negative amount.
	for _, amt := range []string{"0.000000001", "-1"} {
		_, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{Amount: decimal.RequireFromString(amt), Currency: "BTC", Address: dest})
		assert.ErrorIs(t, err, payments.ErrValidation, "amount %s", amt)
	}
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent for invalid params")
}

// The first attempt does the work and answers 500; the retry carries the
// same foreign_id in the same bytes and is answered "already taken"; the
// client then finds the withdrawal by foreign_id and returns it.
func TestWithdrawalsCryptoUnknownOutcomeResolved(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var bodies []string
	mt.RegisterResponder("POST", testBase+"/withdrawal/crypto", func(r *http.Request) (*http.Response, error) {
		bodies = append(bodies, string(signedBody(t, r)))
		if len(bodies) == 1 {
			return httpmock.NewStringResponse(500, `{"error":"Server error","code":"server_error"}`), nil
		}
		return httpmock.NewStringResponse(400, `{"errors":{"foreign_id":"The foreign id has already been taken."}}`), nil
	})
	var lookups []string
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_withdrawal_processing.json"),
		collect(&lookups)))

	w, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-77", Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: dest})
	require.NoError(t, err)
	require.Len(t, bodies, 2, "attempts")
	require.Equal(t, bodies[0], bodies[1], "attempts sent different bodies")
	fid, ok := decodeJSON(t, []byte(bodies[0]))["foreign_id"].(string)
	require.True(t, ok, "foreign_id sent is not a string: %s", bodies[0])
	require.Equal(t, []string{`{"foreign_id":"` + fid + `"}`}, lookups, "lookups (foreign_id %s)", fid)
	assert.Equal(t, "2686100", w.ID)
	assert.NotNil(t, w.Transaction)
	assert.Equal(t, WithdrawalStatusProcessing, w.Status)
	assert.Equal(t, "BTC", w.SenderCurrency)
	assert.Equal(t, "0.01", w.Amount.String(), "Amount")
}

// When the lookup finds nothing, the unknown outcome is returned with the
// reference to try again with.
func TestWithdrawalsCryptoUnknownOutcomeNotFound(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, option.WithMaxAttempts(2))
	mt.RegisterResponder("POST", testBase+"/withdrawal/crypto", respond(t, 502, `<html>bad gateway</html>`, nil))
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 404, `{"errors":{"foreign_id":"Transaction not found."}}`, nil))
	_, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-9", Amount: decimal.NewFromInt(1), Currency: "BTC", Address: dest})
	uo := providertest.UnknownOutcome(t, err)
	require.Equal(t, "payout-9", uo.Reference)
	assert.Equal(t, 2, mt.GetCallCountInfo()["POST "+testBase+"/withdrawal/crypto"], "withdrawal attempts")
}

// A 2xx whose body cannot be read means the work was done: resolved by lookup too.
func TestWithdrawalsCryptoMalformedAnswerResolved(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/withdrawal/crypto", 201, `{"data":{"id":26861`, nil)
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_withdrawal_processing.json"), nil))
	w, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-77", Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: dest})
	require.NoError(t, err)
	assert.Equal(t, "2686100", w.ID)
}

// A "foreign_id already taken" answer may be the answer to the caller's own
// retry after an unknown outcome: the withdrawal is looked up and returned
// when it matches what was asked; one that differs is somebody else's
// (ErrDuplicateReference); one not listed yet leaves the outcome unknown.
func TestWithdrawalsCryptoDuplicate(t *testing.T) {
	t.Parallel()
	taken := `{"errors":{"foreign_id":"The foreign id has already been taken."}}`
	for name, tc := range map[string]struct {
		amount         string
		lookupStatus   int
		lookupBody     string
		wantErr        error
		wantNotUnknown bool
	}{
		"ours":            {"0.01", 200, fixture(t, "callback_withdrawal_processing.json"), nil, true},
		"somebody else's": {"1", 200, fixture(t, "callback_withdrawal_processing.json"), payments.ErrDuplicateReference, true},
		"not listed yet":  {"0.01", 404, `{"errors":{"foreign_id":"Transaction not found."}}`, payments.ErrUnknownOutcome, false},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := answering(t, "POST", "/withdrawal/crypto", 400, taken, nil)
			mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, tc.lookupStatus, tc.lookupBody, wantBody(t, `{"foreign_id":"payout-77"}`)))
			w, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-77", Amount: decimal.RequireFromString(tc.amount), Currency: "BTC", Address: dest})
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, "2686100", w.ID)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			if tc.wantNotUnknown {
				assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
			}
			assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+testBase+"/withdrawal/crypto"])
		})
	}
}

// A 200 whose answer does not echo the foreign_id and amount sent is not
// taken as success: it is resolved by lookup like an unknown outcome.
func TestWithdrawalsCryptoAnswerMustEcho(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"another foreign_id": strings.Replace(fixture(t, "withdrawal.json"), "payout-77", "payout-99", 1),
		"no foreign_id":      strings.Replace(fixture(t, "withdrawal.json"), `"foreign_id": "payout-77",`, "", 1),
		"another amount":     strings.Replace(fixture(t, "withdrawal.json"), `"amount": "0.01000000"`, `"amount": "5.00000000"`, 1),
		"another currency":   strings.Replace(fixture(t, "withdrawal.json"), `"sender_currency": "BTC"`, `"sender_currency": "ETH"`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := answering(t, "POST", "/withdrawal/crypto", 201, body, nil)
			mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 404, `{"errors":{"foreign_id":"Transaction not found."}}`, nil))
			w, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-77", Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: dest})
			assert.Nil(t, w)
			uo := providertest.UnknownOutcome(t, err)
			assert.Equal(t, "payout-77", uo.Reference)
			assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+testBase+"/transactions/info"])
		})
	}
}

// A lookup that finds a withdrawal to another address found someone else's
// use of the foreign_id: this call made nothing.
func TestWithdrawalsCryptoUnknownOutcomeOtherWithdrawal(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, option.WithMaxAttempts(1))
	mt.RegisterResponder("POST", testBase+"/withdrawal/crypto", respond(t, 500, `{"error":"Server error"}`, nil))
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_withdrawal_processing.json"), nil))
	_, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-77", Amount: decimal.NewFromInt(1), Currency: "BTC", Address: "bc1qsomeoneelse"})
	require.ErrorIs(t, err, payments.ErrDuplicateReference)
}

// A foreign_id reused after a timeout for another amount to the same address
// used to return the old withdrawal as success: only the address was
// compared. Now amount, currency, address and tag are (payments.MatchPayout).
func TestWithdrawalsCryptoUnknownOutcomeOtherAmount(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, option.WithMaxAttempts(1))
	mt.RegisterResponder("POST", testBase+"/withdrawal/crypto", respond(t, 500, `{"error":"Server error"}`, nil))
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_withdrawal_processing.json"), nil))
	w, err := c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "payout-77", Amount: decimal.RequireFromString("0.05"), Currency: "BTC", Address: dest})
	assert.Nil(t, w)
	var me *payments.ReferenceMismatchError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, "amount", me.Field)
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
}
