package cryptopay

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withdrawalJSON is a coin withdrawal answer with the given fields.
func withdrawalJSON(id, customID, address, received string, status string) string {
	return `{"id":"` + id + `","custom_id":"` + customID + `","address":"` + address + `","status":"` + status +
		`","charged_amount":"` + received + `","charged_currency":"BTC","received_amount":"` + received +
		`","received_currency":"BTC","network_fee":"0.00001","fee":"0","fee_currency":"BTC","created_at":"2026-01-02T03:04:05Z"}`
}

func sendParams(ref string) *CoinWithdrawalParams {
	return &CoinWithdrawalParams{Address: "bc1qaddr", ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: dec("0.001"), CustomID: ref}
}

func TestUnknownOutcomeResolvedByCustomID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		found  int    // status of the lookup
		body   string // lookup body
		wantOK bool
		want   error
	}{
		{"found and matching", 200, data(withdrawalJSON("w-1", "ref-1", "bc1qaddr", "0.001", "pending")), true, nil},
		{"found but another amount", 200, data(withdrawalJSON("w-9", "ref-1", "bc1qaddr", "0.005", "pending")), false, payments.ErrDuplicateReference},
		{"found but another address", 200, data(withdrawalJSON("w-9", "ref-1", "bc1qother", "0.001", "pending")), false, payments.ErrDuplicateReference},
		{"not found", 404, `{"error":{"code":"not_found","message":"Not found"},"meta":{"request_id":"r"}}`, false, payments.ErrUnknownOutcome},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			creates := 0
			mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, 500, `oops`, func(*http.Request, []byte) { creates++ }))
			mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/custom_id/ref-1", respond(t, tc.found, tc.body, nil))
			w, err := c.CoinWithdrawals.Send(ctxT(t), sendParams("ref-1"))
			assert.Equal(t, 3, creates, "a create with a custom_id is retried")
			if tc.wantOK {
				require.NoError(t, err)
				assert.Equal(t, "w-1", w.ID)
				return
			}
			require.ErrorIs(t, err, tc.want)
			if errors.Is(tc.want, payments.ErrUnknownOutcome) {
				uo := providertest.UnknownOutcome(t, err)
				assert.Equal(t, "ref-1", uo.Reference)
			} else {
				var rm *payments.ReferenceMismatchError
				require.ErrorAs(t, err, &rm)
				assert.Equal(t, "w-9", rm.ID)
			}
		})
	}
}

// TestDuplicateCustomIDAnsweredWithTheSameWithdrawal: a 409 to a repeated
// create (what payments tells merchants to do after an unknown outcome)
// returns the existing withdrawal when it is what was asked.
func TestDuplicateCustomIDAnsweredWithTheSameWithdrawal(t *testing.T) {
	t.Parallel()
	for _, status := range []int{409, 422} {
		c, mt := newTestClient(t)
		body := `{"error":{"code":"conflict","message":"custom_id has already been taken"},"meta":{"request_id":"r"}}`
		if status == 422 {
			body = `{"error":{"code":"duplicate_custom_id","message":"taken","details":[]},"meta":{"request_id":"r"}}`
		}
		mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, status, body, nil))
		mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/custom_id/ref-1", respond(t, 200, data(withdrawalJSON("w-1", "ref-1", "bc1qaddr", "0.001", "completed")), nil))
		w, err := c.CoinWithdrawals.Send(ctxT(t), sendParams("ref-1"))
		require.NoError(t, err, "status %d", status)
		assert.Equal(t, "w-1", w.ID)

		_, err = c.CoinWithdrawals.Send(ctxT(t), &CoinWithdrawalParams{Address: "bc1qaddr", ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: dec("0.002"), CustomID: "ref-1"})
		assert.ErrorIs(t, err, payments.ErrDuplicateReference, "status %d: a reused custom_id for another payout", status)
	}
}

// TestAnswerThatDoesNotEchoIsNotSuccess: a 200 carrying another custom_id
// or amount is never taken as the create's success.
func TestAnswerThatDoesNotEchoIsNotSuccess(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, 201, data(withdrawalJSON("w-x", "someone-else", "bc1qaddr", "0.001", "pending")), nil))
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/custom_id/ref-1", respond(t, 404, `{"error":{"code":"not_found","message":"nf"},"meta":{"request_id":"r"}}`, nil))
	_, err := c.CoinWithdrawals.Send(ctxT(t), sendParams("ref-1"))
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.ErrorIs(t, err, payments.ErrMalformed)
}

// TestEveryCreateCarriesCustomID: invoices, coin withdrawals, exchange
// transfers, channels and subscriptions send a custom_id (a UUID when
// empty) and the unknown outcome carries it.
func TestEveryCreateCarriesCustomID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, optMaxAttempts(1))
	var refs []string
	for _, path := range []string{"/api/invoices", "/api/coin_withdrawals", "/api/exchange_transfers", "/api/channels", "/api/subscriptions"} {
		mt.RegisterResponder("POST", testBase+path, respond(t, 502, `bad gateway`, func(_ *http.Request, body []byte) {
			var m map[string]any
			require.NoError(t, json.Unmarshal(body, &m))
			ref, _ := m["custom_id"].(string)
			refs = append(refs, ref)
		}))
		mt.RegisterResponder("GET", `=~^`+testBase+path+`/custom_id/`, respond(t, 404, `{"error":{"code":"not_found","message":"nf"},"meta":{"request_id":"r"}}`, nil))
	}
	ctx := ctxT(t)
	_, e1 := c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: *dec("10"), PriceCurrency: "EUR", PayCurrency: "BTC"})
	_, e2 := c.CoinWithdrawals.Send(ctx, sendParams(""))
	_, e3 := c.ExchangeTransfers.Create(ctx, &ExchangeTransferParams{ChargedCurrency: "EUR", ChargedAmount: dec("10"), ReceivedCurrency: "BTC"})
	_, e4 := c.Channels.Create(ctx, &ChannelParams{Name: "n", PayCurrency: "BTC", ReceiverCurrency: "EUR"})
	_, e5 := c.Subscriptions.Create(ctx, &SubscriptionParams{Name: "n", Amount: *dec("1"), Currency: "EUR", Period: PeriodMonth, PeriodQuantity: 1,
		StartsAt: time.Now(), PayerEmail: "p@example.com"})
	require.Len(t, refs, 5)
	for i, err := range []error{e1, e2, e3, e4, e5} {
		uo := providertest.UnknownOutcome(t, err, "create %d", i)
		assert.Len(t, refs[i], 36, "a UUID custom_id")
		assert.Equal(t, refs[i], uo.Reference)
	}
}

func TestTwoStepWithdrawal(t *testing.T) {
	t.Parallel()
	now := testNow
	c, mt := newTestClient(t, withClockFunc(func() time.Time { return now }))
	var forceCommit []any
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", func(r *http.Request) (*http.Response, error) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(checkSigned(t, r), &m))
		forceCommit = append(forceCommit, m["force_commit"])
		return httpmockString(201, data(withdrawalJSON("w-1", m["custom_id"].(string), "bc1qaddr", "0.001", "new"))), nil
	})
	commits := 0
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals/w-1/commit", respond(t, 200, data(withdrawalJSON("w-1", "ref-2", "bc1qaddr", "0.001", "pending")), func(_ *http.Request, body []byte) {
		commits++
		assert.Empty(t, body, "commit has no body")
	}))

	q, err := c.CoinWithdrawals.Quote(ctxT(t), sendParams("ref-2"))
	require.NoError(t, err)
	assert.Equal(t, CoinWithdrawalStatusNew, q.Withdrawal.Status)
	assert.Equal(t, testNow.Add(30*time.Second), q.Deadline)
	assert.Equal(t, []any{false}, forceCommit)

	w, err := c.CoinWithdrawals.CommitQuote(ctxT(t), q)
	require.NoError(t, err)
	assert.Equal(t, CoinWithdrawalStatusPending, w.Status)
	assert.Equal(t, 1, commits)

	// Past the deadline: refused before any request.
	now = now.Add(31 * time.Second)
	_, err = c.CoinWithdrawals.CommitQuote(ctxT(t), q)
	assert.ErrorIs(t, err, ErrCommitExpired)
	assert.Equal(t, 1, commits, "no request for an expired quote")

	// CreateAndCommit: an accept error leaves the quote uncommitted.
	now = testNow
	_, err = c.CoinWithdrawals.CreateAndCommit(ctxT(t), sendParams("ref-3"), func(q *CoinWithdrawalQuote) error {
		if q.Withdrawal.NetworkFee.GreaterThan(*dec("0")) {
			return errors.New("fee too high")
		}
		return nil
	})
	assert.EqualError(t, err, "fee too high")
	assert.Equal(t, 1, commits)
	w, err = c.CoinWithdrawals.CreateAndCommit(ctxT(t), sendParams("ref-4"), nil)
	require.NoError(t, err)
	assert.Equal(t, 2, commits)
	assert.Equal(t, CoinWithdrawalStatusPending, w.Status)

	// Send uses force_commit.
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", func(r *http.Request) (*http.Response, error) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(checkSigned(t, r), &m))
		assert.Equal(t, true, m["force_commit"])
		return httpmockString(201, data(withdrawalJSON("w-5", m["custom_id"].(string), "bc1qaddr", "0.001", "pending"))), nil
	})
	_, err = c.CoinWithdrawals.Send(ctxT(t), sendParams("ref-5"))
	require.NoError(t, err)
}

// TestCommitExpiredAnswer: the API's refusal of a late commit is ErrCommitExpired.
func TestCommitExpiredAnswer(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals/w-1/commit", respond(t, 422,
		`{"error":{"code":"invalid","message":"invalid","details":[{"code":"expired","target":"base","message":"withdrawal has expired"}]},"meta":{"request_id":"r"}}`, nil))
	_, err := c.CoinWithdrawals.Commit(ctxT(t), "w-1")
	assert.ErrorIs(t, err, ErrCommitExpired)
	assert.ErrorIs(t, err, payments.ErrInvalidRequest)
}

// TestCommitUnknownOutcomeSettledByReading: a commit whose answer is lost is
// settled by reading the withdrawal.
func TestCommitUnknownOutcomeSettledByReading(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals/w-1/commit", respond(t, 500, `oops`, nil))
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/w-1", respond(t, 200, data(withdrawalJSON("w-1", "r", "bc1qaddr", "0.001", "pending")), nil))
	w, err := c.CoinWithdrawals.Commit(ctxT(t), "w-1")
	require.NoError(t, err)
	assert.Equal(t, CoinWithdrawalStatusPending, w.Status)
	assert.False(t, strings.Contains(err2s(err), "oops"))
}

func err2s(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestCommitRepeatedIsSettledByReading: a commit repeated after an unknown
// outcome (the README's recovery) is refused on the withdrawal's status
// because the first one went through; it is settled by reading, never a
// definite failure (and so never taken for ErrCommitExpired, which says
// nothing was paid, by CommitQuote once the deadline has passed).
func TestCommitRepeatedIsSettledByReading(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals/w-1/commit", respond(t, 422,
		`{"error":{"code":"invalid","message":"invalid","details":[{"code":"invalid","target":"status","message":"the coin withdrawal is already committed","args":{"status":"pending"}}]},"meta":{"request_id":"r"}}`, nil))
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/w-1", respond(t, 200, data(withdrawalJSON("w-1", "r", "bc1qaddr", "0.001", "pending")), nil))
	w, err := c.CoinWithdrawals.Commit(t.Context(), "w-1")
	require.NoError(t, err)
	assert.Equal(t, CoinWithdrawalStatusPending, w.Status)

	quote := &CoinWithdrawalQuote{Withdrawal: &CoinWithdrawal{ID: "w-1", CustomID: "r"}, Deadline: time.Now().Add(time.Hour)}
	w, err = c.CoinWithdrawals.CommitQuote(t.Context(), quote)
	require.NoError(t, err)
	assert.Equal(t, "w-1", w.ID)

	// Still new when read: the refusal was about something else, and the
	// outcome stays unknown rather than a failure the caller could act on.
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/w-1", respond(t, 200, data(withdrawalJSON("w-1", "r", "bc1qaddr", "0.001", "new")), nil))
	_, err = c.CoinWithdrawals.Commit(t.Context(), "w-1")
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.True(t, payments.OneMeaning(err))
}

// TestExchangeTransferCommitSettledByReading: a commit of an exchange
// transfer whose outcome is unknown, or a repeat refused on the transfer's
// status because the first went through, is settled by reading the
// transfer: never a failure that invites converting again.
func TestExchangeTransferCommitSettledByReading(t *testing.T) {
	t.Parallel()
	const completed = `{"id":"x-1","custom_id":"c","status":"completed","charged_amount":"1","charged_currency":"EUR","received_amount":"0.0001","received_currency":"BTC","created_at":"2026-01-02T03:04:05Z"}`
	for name, answer := range map[string]httpmock.Responder{
		"unknown outcome": respond(t, 500, `oops`, nil),
		"repeat refused":  respond(t, 422, `{"error":{"code":"invalid","message":"invalid","details":[{"code":"invalid","target":"status","message":"the exchange transfer is already committed"}]}}`, nil),
	} {
		t.Run(name, func(t *testing.T) {
			c, mt := newTestClient(t)
			mt.RegisterResponder("POST", testBase+"/api/exchange_transfers/x-1/commit", answer)
			mt.RegisterResponder("GET", testBase+"/api/exchange_transfers/x-1", respond(t, 200, data(completed), nil))
			x, err := c.ExchangeTransfers.Commit(t.Context(), "x-1")
			require.NoError(t, err)
			assert.Equal(t, ExchangeTransferStatusCompleted, x.Status)
		})
	}
}
