package channels_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type env struct {
	sb  *channelstest.Server
	rec *paymentstest.WebhookRecorder
	c   *channels.Client
}

func newEnv(t *testing.T, opts channelstest.Options, copts ...option.Option) *env {
	t.Helper()
	sb := channelstest.NewServer(opts)
	t.Cleanup(sb.Close)
	rec := paymentstest.NewWebhookRecorder()
	t.Cleanup(rec.Close)
	sb.SetCallbackURL(rec.URL)
	c, err := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey},
		append([]option.Option{option.WithBaseURL(sb.URL)}, copts...)...)
	require.NoError(t, err)
	return &env{sb, rec, c}
}

// newAdapter is channels.NewAdapter over a client the test built.
func newAdapter(t testing.TB, c *channels.Client, opts channels.AdapterOptions) *channels.Adapter {
	t.Helper()
	a, err := channels.NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}

// parseAll verifies and refreshes every callback received since from.
func (e *env) parseAll(t *testing.T, from int) []*channels.Event {
	t.Helper()
	var out []*channels.Event
	for _, r := range e.rec.Requests(from) {
		ev, err := e.c.Webhooks.Parse(r)
		require.NoError(t, err)
		fresh, err := e.c.Webhooks.Refresh(t.Context(), ev)
		require.NoError(t, err)
		out = append(out, fresh)
	}
	return out
}

func TestSandboxDepositFlow(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{ProcessingCallbacks: true})
	ch, err := e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.EUSDT, CustomerID: "cust-1"})
	require.NoError(t, err)
	again, err := e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.EUSDT, CustomerID: "cust-1"})
	require.NoError(t, err)
	assert.Equal(t, ch.Address, again.Address, "same customer, same address")
	bnb, err := e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.BUSDT, CustomerID: "cust-1"})
	require.NoError(t, err)
	assert.Equal(t, ch.Address, bnb.Address, "one address across EVM chains")
	tron, err := e.c.Channels.WalletAddress(ctx, &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "cust-1"})
	require.NoError(t, err)
	assert.NotEqual(t, ch.Address, tron.Address)
	other, err := e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.EUSDT, CustomerID: "cust-2"})
	require.NoError(t, err)
	assert.NotEqual(t, ch.Address, other.Address)

	txID, err := e.sb.PayDepositIn(ch.Address, "eUSDT", decimal.RequireFromString("25.500000"))
	require.NoError(t, err)
	require.NoError(t, e.sb.Confirm(txID))
	evs := e.parseAll(t, 0)
	require.Len(t, evs, 2, "processing, then confirmed")
	assert.Equal(t, channels.TransactionStatusConfirmed, evs[1].Transaction.Status)
	assert.Equal(t, evs[0].DedupeKey(), evs[1].DedupeKey(), "the processing callback refreshed late reads confirmed: one state, one key")
	assert.Equal(t, "25.500000", evs[1].Transaction.AmountText)
	assert.Equal(t, "cust-1", evs[1].Transaction.CustomerID)
	assert.Equal(t, channels.KindDeposit, evs[1].Kind)

	// A failed deposit, and a settlement without customer (N/A).
	txID, err = e.sb.PayDepositIn(ch.Address, "ETH", decimal.RequireFromString("0.1"))
	require.NoError(t, err)
	require.NoError(t, e.sb.FailDeposit(txID, "dust"))
	_, err = e.sb.PaySettlement("BTC", decimal.RequireFromString("0.00100000"))
	require.NoError(t, err)
	evs = e.parseAll(t, 2)
	require.Len(t, evs, 3)
	assert.Equal(t, channels.TransactionStatusFailed, evs[1].Transaction.Status)
	assert.Empty(t, evs[2].Transaction.CustomerID)

	// Redelivery is byte-identical and verifies again.
	d := e.sb.Deliveries()
	rd, err := e.sb.Redeliver(d[0].ID)
	require.NoError(t, err)
	assert.Equal(t, d[0].Body, rd.Body)
	_, err = e.sb.Redeliver("nope")
	assert.ErrorIs(t, err, channelstest.ErrNotFound)
}

func TestSandboxDemoWithdrawal(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{Demo: true})
	tx, err := e.c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: decimal.RequireFromString("12.5"),
		Currency: channels.TUSDT, CustomerID: "payee-1", Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", OrderID: "order-1"})
	require.NoError(t, err)
	assert.Equal(t, "order-1", tx.OrderID)
	assert.Equal(t, channels.TransactionStatusFailed, tx.Status, "a demo account has no funds: it fails first")
	require.NotEmpty(t, tx.InvoiceID)
	// The provider's way to confirm it on a demo account: simulate.
	require.NoError(t, e.c.Transactions.Simulate(ctx, &channels.SimulateParams{Amount: tx.Amount, InvoiceID: tx.InvoiceID, Status: channels.TransactionStatusConfirmed}))
	evs := e.parseAll(t, 0)
	require.Len(t, evs, 2)
	assert.Equal(t, channels.KindWithdrawal, evs[1].Kind)
	got, err := e.c.Transactions.Get(ctx, tx.ID)
	require.NoError(t, err)
	assert.Equal(t, channels.TransactionStatusConfirmed, got.Status)

	// The same orderId answers the same withdrawal; a different amount under it is refused.
	same, err := e.c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: decimal.RequireFromString("12.50"),
		Currency: channels.TUSDT, CustomerID: "payee-1", Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", OrderID: "order-1"})
	require.NoError(t, err)
	assert.Equal(t, tx.ID, same.ID)
	_, err = e.c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: decimal.RequireFromString("99"),
		Currency: channels.TUSDT, CustomerID: "payee-1", Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", OrderID: "order-1"})
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.Equal(t, 1, e.sb.PayoutsMade())
}

func TestSandboxFaults(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{}, option.WithMaxAttempts(1))
	p := &channels.WithdrawalParams{Amount: decimal.RequireFromString("0.5"), Currency: channels.ETH, CustomerID: "c",
		Address: "0x52908400098527886E0F7030069857D2E4169EE7", OrderID: "o-fault"}
	e.sb.InjectFault(channelstest.Fault{Method: http.MethodPost, Path: "/api/v2/withdrawal", Kind: channelstest.FaultErrorAfterWork})
	tx, err := e.c.Withdrawals.Create(ctx, p)
	require.NoError(t, err, "a 500 after the work is resolved by resending the same orderId")
	assert.Equal(t, channels.TransactionStatusProcessing, tx.Status)
	assert.Equal(t, 1, e.sb.PayoutsMade())
	require.NoError(t, e.sb.VerifyFaults())

	// Every attempt faulted: unknown outcome with the orderId; a later
	// repeat answers the one withdrawal.
	p.OrderID = "o-fault-2"
	e.sb.InjectFault(channelstest.Fault{Method: http.MethodPost, Path: "/api/v2/withdrawal", Kind: channelstest.FaultMalformedBody, Times: 2})
	_, err = e.c.Withdrawals.Create(ctx, p)
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "o-fault-2", uo.Reference)
	tx, err = e.c.Withdrawals.Create(ctx, p)
	require.NoError(t, err)
	id, _ := e.sb.WithdrawalByOrderID("o-fault-2")
	assert.Equal(t, id, tx.ID)
	assert.Equal(t, 2, e.sb.PayoutsMade())

	e.sb.InjectFault(channelstest.Fault{Path: "/api/v2/channels", Kind: channelstest.FaultUnavailable})
	_, err = e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.BTC, CustomerID: "c"})
	assert.ErrorIs(t, err, payments.ErrProviderUnavailable)
	e.sb.InjectFault(channelstest.Fault{Kind: channelstest.FaultRateLimit})
	_, err = e.c.Transactions.Get(ctx, tx.ID)
	assert.ErrorIs(t, err, payments.ErrRateLimited)
	require.NoError(t, e.sb.VerifyFaults())

	// Live accounts refuse simulate.
	err = e.c.Transactions.Simulate(ctx, &channels.SimulateParams{Amount: decimal.NewFromInt(1), InvoiceID: tx.InvoiceID, Status: channels.TransactionStatusConfirmed})
	assert.ErrorIs(t, err, payments.ErrInvalidRequest)
	require.NoError(t, e.sb.CompletePayout(tx.ID))
	got, err := e.c.Transactions.Get(ctx, tx.ID)
	require.NoError(t, err)
	assert.Equal(t, channels.TransactionStatusConfirmed, got.Status)
}

func TestSandboxInvoices(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{Demo: true})
	inv, err := e.c.Invoices.CreateFloating(ctx, &channels.InvoiceParams{CustomerID: "c-1", Amount: decimal.RequireFromString("20"), BaseCurrency: "EUR", OrderID: "ord-1"})
	require.NoError(t, err)
	assert.NotEmpty(t, inv.ID)
	assert.NotEmpty(t, inv.URL)
	_, err = e.c.Invoices.CreateFloating(ctx, &channels.InvoiceParams{CustomerID: "c-1", Amount: decimal.RequireFromString("5"), BaseCurrency: "EUR"})
	assert.ErrorIs(t, err, payments.ErrInvalidRequest, "one open floating invoice per customer")
	fixed, err := e.c.Invoices.CreateFixed(ctx, &channels.InvoiceParams{CustomerID: "c-1", Amount: decimal.RequireFromString("5"), BaseCurrency: "USD"})
	require.NoError(t, err)
	assert.NotEqual(t, inv.ID, fixed.ID)

	txID, err := e.sb.PayInvoice(inv.ID, decimal.RequireFromString("21.70"))
	require.NoError(t, err)
	require.NoError(t, e.sb.Confirm(txID))
	require.NoError(t, e.c.Transactions.Simulate(ctx, &channels.SimulateParams{Amount: decimal.RequireFromString("5"), InvoiceID: fixed.ID, Status: channels.TransactionStatusConfirmed}))
	evs := e.parseAll(t, 0)
	require.Len(t, evs, 2)
	assert.Equal(t, "ord-1", evs[0].Transaction.OrderID)
	assert.Equal(t, inv.ID, evs[0].Transaction.InvoiceID)
	assert.Equal(t, fixed.ID, evs[1].Transaction.InvoiceID)
	assert.NotEqual(t, evs[0].DedupeKey(), evs[1].DedupeKey())
}

func TestSandboxRefusesWrongKey(t *testing.T) {
	t.Parallel()
	e := newEnv(t, channelstest.Options{})
	bad, err := channels.New(channels.Config{APIKey: "wrong"}, option.WithBaseURL(e.sb.URL))
	require.NoError(t, err)
	_, err = bad.Channels.Create(t.Context(), &channels.ChannelParams{Currency: channels.BTC, CustomerID: "c"})
	assert.ErrorIs(t, err, payments.ErrUnauthorized)
	for _, r := range e.sb.Requests() {
		for _, v := range r.Header.Values("X-Api-Key") {
			assert.NotEqual(t, "wrong", v, "the request log hides the key")
		}
	}
}

// 64 goroutines through one client, zero failures.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{})
	ch, err := e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.SOL, CustomerID: "shared"})
	require.NoError(t, err)
	providertest.Concurrently(t, 64, 6, func(g, i int) error {
		var err error
		switch i % 3 {
		case 0:
			var got *channels.Channel
			got, err = e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.SUSDT, CustomerID: "shared"})
			if err == nil && got.Address != ch.Address {
				err = errors.New("another address for the same customer")
			}
		case 1:
			var tx *channels.Transaction
			tx, err = e.c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: decimal.New(int64(g*10+i), -3),
				Currency: channels.SOL, CustomerID: "c", Address: "So1anaAddr"})
			if err == nil {
				_, err = e.c.Transactions.Get(ctx, tx.ID)
			}
		case 2:
			_, err = e.c.Transactions.Get(ctx, "missing")
			if errors.Is(err, payments.ErrNotFound) {
				err = nil
			}
		}
		return err
	})
	assert.Equal(t, 64*2, e.sb.PayoutsMade())
}

// Every callback the sandbox makes (deposits in every currency, invoice
// payments, settlements without a customer, withdrawals failed then
// confirmed) has fields the hash binds one way only: ids without '.', plain
// decimal amounts, so ParseBody accepts all of them.
func TestSandboxCallbacksSplitOneWay(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{ProcessingCallbacks: true})
	for _, cur := range []channels.Currency{channels.BTC, channels.EUSDT, channels.TUSDT, channels.SOL, channels.BUSDT} {
		ch, err := e.c.Channels.Create(ctx, &channels.ChannelParams{Currency: cur, CustomerID: "cust-" + string(cur)})
		require.NoError(t, err)
		tx, err := e.sb.PayDeposit(ch.Address, decimal.RequireFromString("0.000010"))
		require.NoError(t, err)
		require.NoError(t, e.sb.Confirm(tx))
	}
	_, err := e.sb.PaySettlement("tUSDT", decimal.RequireFromString("100.500"))
	require.NoError(t, err)
	inv, err := e.c.Invoices.CreateFixed(ctx, &channels.InvoiceParams{Amount: decimal.RequireFromString("20"), BaseCurrency: "EUR", CustomerID: "cust-inv"})
	require.NoError(t, err)
	_, err = e.sb.PayInvoice(inv.ID, decimal.RequireFromString("7.25"))
	require.NoError(t, err)
	w, err := e.c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: decimal.RequireFromString("3.5"), Currency: channels.TUSDT,
		CustomerID: "cust-out", Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"})
	require.NoError(t, err)
	require.NoError(t, e.sb.CompletePayout(w.ID))
	events := e.parseAll(t, 0) // fails on any callback ParseBody refuses
	assert.GreaterOrEqual(t, len(events), 12)
}

// A sandbox whose withdrawal answers are minimal ({"id", "status"}): the
// client reads each transaction back and compares it, and a reused orderId
// is still told from the caller's own.
func TestSandboxMinimalWithdrawalAnswers(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{MinimalWithdrawalAnswers: true})
	p := &channels.WithdrawalParams{Amount: decimal.RequireFromString("12.5"), Currency: channels.TUSDT, CustomerID: "c",
		Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", OrderID: "minimal-1"}
	tx, err := e.c.Withdrawals.Create(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, "12.5", tx.AmountText, "read back from GET transaction")
	again, err := e.c.Withdrawals.Create(ctx, p)
	require.NoError(t, err)
	assert.Equal(t, tx.ID, again.ID)
	other := *p
	other.Amount = decimal.RequireFromString("25")
	_, err = e.c.Withdrawals.Create(ctx, &other)
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
	assert.Equal(t, 1, e.sb.PayoutsMade())
	// The read back fails: the outcome is unknown and names the withdrawal.
	e.sb.InjectFault(channelstest.Fault{Method: http.MethodGet, Path: channelstest.FaultTransactionRead, Kind: channelstest.FaultErrorAfterWork})
	_, err = e.c.Withdrawals.Create(ctx, p)
	uo := providertest.OwnUnknownOutcome(t, err, "minimal-1")
	assert.Equal(t, tx.ID, uo.ID)
}

// A customer created outside the SDK with an e-mail-style id: its deposit's
// callback is accepted, refreshed and credited once through the webhooks
// handler (it used to be refused with 401 for ever, the deposit never
// credited). A callback without its hash answers 401, like every provider's
// missing signature.
func TestEmailStyleCustomerCredited(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, channelstest.Options{})
	const customer = "jane.doe@example.com"
	a := newAdapter(t, e.c, channels.AdapterOptions{})
	d, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "tUSDT", Customer: customer})
	require.NoError(t, err)
	id, err := e.sb.PayDepositIn(d.Address, "tUSDT", decimal.RequireFromString("10.50"))
	require.NoError(t, err)
	require.NoError(t, e.sb.Confirm(id))
	credited := map[string]int{}
	h := webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(_ context.Context, u webhooks.Update) error {
		if u.Changed() && u.Status.IsSuccess() {
			credited[u.Event.ObjectID]++
			assert.Equal(t, customer, u.Event.Customer)
			assert.Equal(t, d.Address, u.Event.DepositAddress)
			assert.Empty(t, u.Event.InvoiceID)
			assert.Equal(t, "10.5", u.Event.Amount.Amount.String())
		}
		return nil
	})
	bodies, reqs := e.rec.Bodies(0), e.rec.Requests(0)
	require.Len(t, bodies, 1)
	for range 2 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, paymentstest.NewRequest(bodies[0], reqs[0].Header))
		require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	}
	assert.Equal(t, map[string]int{id: 1}, credited)

	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(bodies[0], &m))
	delete(m, "hash")
	stripped, err := json.Marshal(m)
	require.NoError(t, err)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, paymentstest.NewRequest(stripped, reqs[0].Header))
	assert.Equal(t, http.StatusUnauthorized, w.Code, "a callback without its hash: %s", w.Body.String())
}

// A genuine callback whose transaction the API does not know: Refresh's
// error matches payments.ErrNotFound, so the webhooks handler answers a
// 4xx (and the provider's retries can settle it once the API knows it).
func TestRefreshUnknownTransactionNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t, channelstest.Options{})
	a := newAdapter(t, e.c, channels.AdapterOptions{})
	body, header, err := channels.SignTestWebhook(e.sb.SecretKey, []byte(`{"callbackType":"transaction","id":"no-such-tx","type":"deposit",`+
		`"status":"confirmed","amount":"1","currency":"tUSDT","customerId":"c"}`))
	require.NoError(t, err)
	ev, err := a.ParseWebhook(paymentstest.NewRequest(body, header))
	require.NoError(t, err)
	_, err = a.Refresh(t.Context(), ev)
	assert.ErrorIs(t, err, payments.ErrNotFound)
	assert.False(t, errors.Is(err, payments.ErrUnknownOutcome))
}
