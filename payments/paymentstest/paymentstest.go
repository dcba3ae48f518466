// Package paymentstest checks that a provider adapter meets the payments
// contract, the same way for every provider (like testing/fstest, or the Go
// CDK's drivertest). Each provider package runs it against its own sandbox:
//
//	func TestConformance(t *testing.T) {
//		sb := cryptochilltest.NewServer(cryptochilltest.Options{})
//		defer sb.Close()
//		rec := paymentstest.NewWebhookRecorder()
//		defer rec.Close()
//		…
//		paymentstest.Run(t, paymentstest.Harness{Adapter: a, Webhooks: rec, …})
//	}
//
// Adapter and Webhooks are always required, and every hook that belongs to a
// capability the adapter reports is required too: Run fails (it never skips
// silently) when one is nil. Only Parallel is optional.
//
// What Run checks, for each capability the adapter reports: identity, errors
// for missing capabilities (ErrUnsupported), local validation, invoices
// (created with a reference, read back, paid, webhooks parsed, refreshed and
// deduplicated), two partial payments giving distinct dedupe keys, webhooks
// delivered out of order and twice ending in the right status through the
// webhooks package and payments.Advance, payouts (a repeated create with the
// same reference returns the same payout; different parameters under a used
// reference are ErrDuplicateReference, also after an unknown outcome),
// FindPayout's one meaning of ErrNotFound, parallel calls through one
// adapter, and redirects refused without the other host receiving anything.
// Money checks: the README's crediting recipe through the webhooks handler
// credits an order paid in part never and one paid in full, in two parts or
// over exactly once (CreditOnce); no error of a payout call matches both
// ErrUnknownOutcome and ErrDuplicateReference, also when the lookup that
// would settle a repeat fails (PayoutLookupFault), and exactly one payout is
// made per reference; payment events into a deposit address name the
// customer and the address; a missing signature answers 401.
package paymentstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Harness is what Run needs to exercise an adapter against its sandbox.
type Harness struct {
	// Adapter is the adapter under test, talking to a sandbox. Required.
	Adapter payments.Adapter
	// Webhooks receives what the sandbox delivers. Required.
	Webhooks *WebhookRecorder
	// Invoice holds valid invoice parameters for this provider; Reference may
	// be left empty: the suite checks the adapter fills one in.
	Invoice payments.InvoiceParams
	// Payout holds valid payout parameters; its Reference is ignored.
	Payout payments.PayoutParams
	// Deposit holds valid deposit-address parameters.
	Deposit payments.DepositParams
	// PayInvoice makes the sandbox receive and fully confirm the payment of
	// inv, delivering its webhooks to Webhooks before returning.
	PayInvoice func(ctx context.Context, inv *payments.Invoice) error
	// PayInvoicePart makes the sandbox receive (and deliver the webhooks
	// of) a payment of less than half of what inv asks; the suite calls it
	// twice on one invoice. Nil skips the partial-payment check.
	PayInvoicePart func(ctx context.Context, inv *payments.Invoice) error
	// CompletePayout makes the sandbox complete p, delivering webhooks.
	CompletePayout func(ctx context.Context, p *payments.Payout) error
	// PayInvoiceFraction makes the sandbox receive fraction × what inv asks
	// (its due amount, in the paying asset) as one payment to inv, confirm it
	// fully, and deliver every webhook before returning. The suite pays 0.5
	// (never credited), 0.5 then 0.5 (credited once, on the top-up), 1 and
	// 1.5 (credited once). Required with CapInvoices and CapWebhooks.
	PayInvoiceFraction func(ctx context.Context, inv *payments.Invoice, fraction decimal.Decimal) error
	// PayDeposit makes the sandbox receive and confirm a payment into the
	// deposit address d, delivering its webhooks before returning. Required
	// with CapDeposits and CapWebhooks: the suite checks the events name
	// the customer and the deposit address.
	PayDeposit func(ctx context.Context, d *payments.Deposit) error
	// PayoutsMade reports how many payouts the sandbox holds, so the
	// unknown-outcome checks can count that exactly one was made. Required
	// with CapPayouts.
	PayoutsMade func() int
	// InjectPayoutUnknownOutcome makes the sandbox do the next payout create
	// and then answer 500 (or time out). Required with CapPayouts.
	InjectPayoutUnknownOutcome func()
	// InjectPayoutLookupFault makes the sandbox fail (5xx) the next call
	// the adapter makes to read a payout back (its lookup by reference, or
	// the read of the transaction a create named). Required with
	// CapDedupePayout: the suite checks that a repeat whose settling lookup
	// fails is an unknown outcome and never ErrDuplicateReference.
	InjectPayoutLookupFault func()
	// BreakSignature returns a copy of a webhook with its signature altered
	// (wherever the provider carries it), so the suite can check refusal.
	// Required with CapWebhooks, unless SignatureHeader stands for it.
	BreakSignature func(body []byte, header http.Header) ([]byte, http.Header)
	// StripSignature returns a copy of a webhook with its signature removed
	// (the header, or the body field that carries it). Required with
	// CapWebhooks, unless SignatureHeader stands for it: a missing signature
	// is 401 on every provider.
	StripSignature func(body []byte, header http.Header) ([]byte, http.Header)
	// SignatureHeader names the header of a provider that carries its
	// webhook signature there, in hex. When set, a nil BreakSignature
	// changes that signature's first digit and a nil StripSignature
	// removes the header.
	SignatureHeader string
	// AdapterAt returns a new adapter of the same provider, with the same
	// credentials, talking to baseURL (a loopback http:// URL) instead of
	// the sandbox. The suite points it at a server that redirects every
	// request to another one and checks that nothing reaches the other.
	// Required.
	AdapterAt func(baseURL string) (payments.Adapter, error)
	// Parallel is how many goroutines the parallel check runs (default 16).
	Parallel int
}

// Run runs every check as subtests of t.
func Run(t *testing.T, h Harness) {
	t.Helper()
	require.False(t, h.Adapter == nil || h.Webhooks == nil, "paymentstest: Harness needs Adapter and Webhooks")
	if h.SignatureHeader != "" {
		if h.BreakSignature == nil {
			h.BreakSignature = breakSignatureHeader(h.SignatureHeader)
		}
		if h.StripSignature == nil {
			h.StripSignature = stripSignatureHeader(h.SignatureHeader)
		}
	}
	a := h.Adapter
	caps := a.Capabilities()
	requireHooks(t, h, caps)
	t.Run("Identity", func(t *testing.T) { testIdentity(t, a) })
	t.Run("Unsupported", func(t *testing.T) { testUnsupported(t, a, caps) })
	t.Run("Validation", func(t *testing.T) { testValidation(t, a, caps) })
	if caps.Has(payments.CapInvoices) {
		t.Run("Invoice", func(t *testing.T) { testInvoice(t, h) })
		if caps.Has(payments.CapWebhooks) {
			t.Run("PartialPaymentsDistinctKeys", func(t *testing.T) { testPartialPayments(t, h) })
			t.Run("CreditOnce", func(t *testing.T) { testCreditOnce(t, h) })
		}
	}
	if caps.Has(payments.CapPayouts) {
		t.Run("Payout", func(t *testing.T) { testPayout(t, h) })
		t.Run("PayoutUnknownOutcome", func(t *testing.T) { testPayoutUnknownOutcome(t, h) })
		t.Run("ReferenceReuseAfterTimeout", func(t *testing.T) { testReferenceReuseAfterTimeout(t, h) })
		if caps.Has(payments.CapDedupePayout) {
			t.Run("PayoutLookupFault", func(t *testing.T) { testPayoutLookupFault(t, h) })
		}
	}
	if caps.Has(payments.CapDeposits) {
		t.Run("Deposit", func(t *testing.T) { testDeposit(t, h) })
	}
	if caps.Has(payments.CapWebhooks) {
		t.Run("WebhookRefusals", func(t *testing.T) { testWebhookRefusals(t, h) })
	}
	t.Run("Parallel", func(t *testing.T) { testParallel(t, h) })
	t.Run("RedirectRefused", func(t *testing.T) { testRedirect(t, h) })
}

// requireHooks fails when a hook that belongs to a capability the adapter
// reports is nil: a check that cannot run must say so, never skip silently.
func requireHooks(t *testing.T, h Harness, caps payments.Capabilities) {
	t.Helper()
	need := func(ok bool, name string, why string) {
		t.Helper()
		require.True(t, ok, "paymentstest: Harness.%s is required (%s)", name, why)
	}
	hooks := caps.Has(payments.CapWebhooks)
	need(h.AdapterAt != nil, "AdapterAt", "every adapter is checked for refused redirects")
	if caps.Has(payments.CapInvoices) && hooks {
		need(h.PayInvoice != nil, "PayInvoice", "CapInvoices with CapWebhooks")
		need(h.PayInvoicePart != nil, "PayInvoicePart", "CapInvoices with CapWebhooks")
		need(h.PayInvoiceFraction != nil, "PayInvoiceFraction", "CapInvoices with CapWebhooks")
	}
	if caps.Has(payments.CapPayouts) {
		need(h.PayoutsMade != nil, "PayoutsMade", "CapPayouts")
		need(h.InjectPayoutUnknownOutcome != nil, "InjectPayoutUnknownOutcome", "CapPayouts")
		if hooks {
			need(h.CompletePayout != nil, "CompletePayout", "CapPayouts with CapWebhooks")
		}
	}
	if caps.Has(payments.CapDedupePayout) {
		need(h.InjectPayoutLookupFault != nil, "InjectPayoutLookupFault", "CapDedupePayout")
	}
	if caps.Has(payments.CapDeposits) && hooks {
		need(h.PayDeposit != nil, "PayDeposit", "CapDeposits with CapWebhooks")
	}
	if hooks {
		need(h.BreakSignature != nil, "BreakSignature", "CapWebhooks")
		need(h.StripSignature != nil, "StripSignature", "CapWebhooks")
	}
}

// oneMeaning fails when err matches both ErrUnknownOutcome and
// ErrDuplicateReference.
func oneMeaning(t *testing.T, err error, what string) {
	t.Helper()
	assert.True(t, payments.OneMeaning(err), "%s: the error matches both ErrUnknownOutcome and ErrDuplicateReference: %v", what, err)
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func testIdentity(t *testing.T, a payments.Adapter) {
	if caps := a.Capabilities(); caps.Has(payments.CapFindPayout) {
		assert.True(t, caps.Has(payments.CapDedupePayout), "CapFindPayout promises a deduplicated reference: CapDedupePayout must be set too")
	}
	assert.NotEmpty(t, a.Name(), "Name()")
	var notAClient *struct{ x int }
	assert.False(t, a.As(&notAClient), "As accepted an unrelated target")
	assert.False(t, a.As(nil), "As(nil) reported true")
}

func testUnsupported(t *testing.T, a payments.Adapter, caps payments.Capabilities) {
	c := ctx(t)
	check := func(name string, err error) {
		t.Helper()
		assert.ErrorIs(t, err, payments.ErrUnsupported, "%s without the capability", name)
	}
	if !caps.Has(payments.CapInvoices) {
		_, err := a.CreateInvoice(c, &payments.InvoiceParams{Amount: payments.MustMoney("1", "USD")})
		check("CreateInvoice", err)
	}
	if !caps.Has(payments.CapFindInvoice) {
		_, err := a.FindInvoice(c, "some-reference")
		check("FindInvoice", err)
	}
	if !caps.Has(payments.CapPayouts) {
		_, err := a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("1", "BTC"), Address: "x"})
		check("CreatePayout", err)
	}
	if !caps.Has(payments.CapFindPayout) {
		_, err := a.FindPayout(c, "some-reference")
		check("FindPayout", err)
	}
	if !caps.Has(payments.CapDeposits) {
		_, err := a.CreateDepositAddress(c, &payments.DepositParams{Asset: "BTC", Customer: "c"})
		check("CreateDepositAddress", err)
	}
	if !caps.Has(payments.CapWebhooks) {
		_, err := a.ParseWebhook(NewRequest([]byte("{}"), http.Header{}))
		check("ParseWebhook", err)
	}
}

func testValidation(t *testing.T, a payments.Adapter, caps payments.Capabilities) {
	c := ctx(t)
	wantValidation := func(name string, err error) {
		t.Helper()
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, "%s: want a *payments.ValidationError", name) {
			assert.NotEmpty(t, ve.Field, "%s: the ValidationError names no field", name)
		}
	}
	if caps.Has(payments.CapInvoices) {
		_, err := a.CreateInvoice(c, nil)
		wantValidation("CreateInvoice(nil)", err)
		_, err = a.CreateInvoice(c, &payments.InvoiceParams{Amount: payments.MustMoney("0", "USD")})
		wantValidation("CreateInvoice(zero amount)", err)
		_, err = a.CreateInvoice(c, &payments.InvoiceParams{Amount: payments.MustMoney("-5", "USD")})
		wantValidation("CreateInvoice(negative amount)", err)
		_, err = a.CreateInvoice(c, &payments.InvoiceParams{Amount: payments.MustMoney("1.001", "USD")})
		wantValidation("CreateInvoice(too many decimals)", err)
		_, err = a.GetInvoice(c, "")
		wantValidation(`GetInvoice("")`, err)
	}
	if caps.Has(payments.CapFindInvoice) {
		_, err := a.FindInvoice(c, "")
		wantValidation(`FindInvoice("")`, err)
	}
	if caps.Has(payments.CapPayouts) {
		_, err := a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("1", "BTC")})
		wantValidation("CreatePayout(no address)", err)
		_, err = a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("0", "BTC"), Address: "addr"})
		wantValidation("CreatePayout(zero amount)", err)
		_, err = a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("0.000000001", "BTC"), Address: "addr"})
		wantValidation("CreatePayout(below BTC precision)", err)
	}
	if caps.Has(payments.CapFindPayout) {
		_, err := a.FindPayout(c, "")
		wantValidation(`FindPayout("")`, err)
	}
	if caps.Has(payments.CapDeposits) {
		_, err := a.CreateDepositAddress(c, &payments.DepositParams{Customer: "c"})
		wantValidation("CreateDepositAddress(no asset)", err)
	}
}

// parseAll parses the recorded webhooks from index from, refreshing those
// whose body is not signed, and returns the events and their dedupe keys.
func parseAll(t *testing.T, h Harness, from int) (events []*payments.Event, keys []string) {
	t.Helper()
	c, a := ctx(t), h.Adapter
	for i, r := range h.Webhooks.Requests(from) {
		ev, err := a.ParseWebhook(r)
		require.NoError(t, err, "ParseWebhook #%d", from+i)
		checkEvent(t, a, ev)
		if ev.Kind == payments.EventOther {
			continue
		}
		if !ev.BodyAuthenticated {
			ev, err = a.Refresh(c, ev)
			require.NoError(t, err, "Refresh #%d", from+i)
		}
		events = append(events, ev)
		keys = append(keys, ev.DedupeKey)
	}
	return events, keys
}

func testInvoice(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Invoice
	inv, err := a.CreateInvoice(c, &params)
	require.NoError(t, err, "CreateInvoice")
	require.NotEmpty(t, inv.ID, "invoice id")
	assert.Equal(t, a.Name(), inv.Provider)
	assert.NotEmpty(t, inv.ProviderStatus, "ProviderStatus")
	assert.False(t, inv.Status.IsTerminal(), "new invoice status %q is terminal", inv.Status)
	assert.True(t, inv.Requested.Amount.Equal(params.Amount.Amount), "Requested = %s, want %s", inv.Requested, params.Amount)
	assert.NotEmpty(t, inv.Reference, "invoice has no Reference: adapters fill one in")
	got, err := a.GetInvoice(c, inv.ID)
	require.NoError(t, err, "GetInvoice")
	assert.Equal(t, inv.ID, got.ID)
	_, err = a.GetInvoice(c, "does-not-exist-0000")
	assert.ErrorIs(t, err, payments.ErrNotFound, "GetInvoice(unknown)")
	if a.Capabilities().Has(payments.CapFindInvoice) {
		found, err := a.FindInvoice(c, inv.Reference)
		if assert.NoError(t, err, "FindInvoice(%q)", inv.Reference) {
			assert.Equal(t, inv.ID, found.ID)
		}
		_, err = a.FindInvoice(c, "never-used-reference-0000")
		assert.ErrorIs(t, err, payments.ErrNotFound, "FindInvoice(unknown)")
		// The same reference again is the same invoice, never a second one.
		again := params
		again.Reference = inv.Reference
		if dup, err := a.CreateInvoice(c, &again); assert.NoError(t, err, "CreateInvoice with the same reference") {
			assert.Equal(t, inv.ID, dup.ID, "a second invoice was made for reference %q", inv.Reference)
		}
	}
	if h.PayInvoice == nil || !a.Capabilities().Has(payments.CapWebhooks) {
		return
	}
	from := h.Webhooks.Len()
	require.NoError(t, h.PayInvoice(c, inv), "PayInvoice")
	reqs := h.Webhooks.Requests(from)
	require.NotEmpty(t, reqs, "paying the invoice delivered no webhook")
	var sawInvoice bool
	keys := map[string]bool{}
	for i, r := range reqs {
		ev, err := a.ParseWebhook(r)
		require.NoError(t, err, "ParseWebhook #%d", i)
		checkEvent(t, a, ev)
		if ev.ObjectID == inv.ID || (ev.Invoice != nil && ev.Invoice.ID == inv.ID) {
			sawInvoice = true
		}
		if ev.Kind == payments.EventOther {
			continue
		}
		fresh, err := a.Refresh(c, ev)
		require.NoError(t, err, "Refresh")
		assert.True(t, fresh.BodyAuthenticated, "Refresh returned an event not marked BodyAuthenticated")
		assert.NotEmpty(t, fresh.DedupeKey, "Refresh returned an event without a DedupeKey")
		// Redelivery of the same webhook has the same dedupe key (after the
		// refresh, for a body that is not signed).
		again, err := a.ParseWebhook(h.Webhooks.Requests(from + i)[0])
		require.NoError(t, err, "redelivered webhook")
		assert.Equal(t, ev.DedupeKey, again.DedupeKey, "redelivered webhook")
		if !ev.BodyAuthenticated {
			refreshed, err := a.Refresh(c, again)
			if assert.NoError(t, err) {
				assert.Equal(t, fresh.DedupeKey, refreshed.DedupeKey, "redelivered webhook, refreshed")
			}
			continue
		}
		// Signed bodies: every delivery is a different notification.
		assert.False(t, keys[ev.DedupeKey], "two different deliveries share DedupeKey %q", ev.DedupeKey)
		keys[ev.DedupeKey] = true
	}
	assert.True(t, sawInvoice, "no webhook named the paid invoice")
	paid, err := a.GetInvoice(c, inv.ID)
	require.NoError(t, err, "GetInvoice after payment")
	assert.True(t, paid.Status.IsSuccess(), "invoice status after full payment = %q (%s)", paid.Status, paid.ProviderStatus)
	assert.True(t, paid.Received.Amount.IsPositive(), "invoice Received after payment = %s", paid.Received)

	t.Run("OutOfOrderAndTwice", func(t *testing.T) { testOutOfOrder(t, h, inv, from, paid.Status) })
}

// testOutOfOrder delivers the payment's webhooks to the library's handler
// newest first, each twice: the recorded status of the invoice must end as
// the provider's.
func testOutOfOrder(t *testing.T, h Harness, inv *payments.Invoice, from int, want payments.Status) {
	store := webhooks.NewMemoryStore()
	credits := map[string]int{}
	var mu sync.Mutex
	handler := webhooks.NewHandler(h.Adapter, store, func(_ context.Context, u webhooks.Update) error {
		mu.Lock()
		defer mu.Unlock()
		if u.Changed() && u.Status.IsSuccess() {
			credits[webhooks.ObjectKey(u.Event)]++
		}
		return nil
	})
	reqs := h.Webhooks.Requests(from)
	slices.Reverse(reqs)
	var invoiceKey string
	for _, r := range reqs {
		for range 2 {
			body, header := readBack(t, r)
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, NewRequest(body, header))
			require.Equal(t, http.StatusOK, w.Code, "handler answer: %s", w.Body.String())
		}
	}
	for _, rec := range store.Records() {
		if rec.Event.ObjectID == inv.ID && rec.Event.Kind == payments.EventInvoice {
			invoiceKey = rec.Object
		}
	}
	require.NotEmpty(t, invoiceKey, "no invoice event was recorded")
	got, err := store.Status(context.Background(), invoiceKey)
	require.NoError(t, err)
	assert.Equal(t, want, got, "recorded invoice status after out-of-order, repeated delivery")
	for k, n := range credits {
		assert.Equal(t, 1, n, "%s credited %d times", k, n)
	}
}

// readBack returns the body and header of a recorded request.
func readBack(t *testing.T, r *http.Request) ([]byte, http.Header) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(r.Body)
	require.NoError(t, err)
	r.Body.Close()
	body := buf.Bytes()
	r.Body = nopCloser{bytes.NewReader(body)}
	return bytes.Clone(body), r.Header.Clone()
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// testPartialPayments pays one invoice in two parts: the two payments are two
// notifications and must not share a dedupe key.
func testPartialPayments(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Invoice
	params.Reference = ""
	inv, err := a.CreateInvoice(c, &params)
	require.NoError(t, err)
	from := h.Webhooks.Len()
	require.NoError(t, h.PayInvoicePart(c, inv), "first partial payment")
	_, first := parseAll(t, h, from)
	from = h.Webhooks.Len()
	require.NoError(t, h.PayInvoicePart(c, inv), "second partial payment")
	_, second := parseAll(t, h, from)
	require.NotEmpty(t, first, "the first partial payment delivered no webhook")
	require.NotEmpty(t, second, "the second partial payment delivered no webhook")
	for _, k := range second {
		assert.NotContains(t, first, k, "the second partial payment reuses a dedupe key of the first: it would be dropped as a redelivery")
	}
}

func checkEvent(t *testing.T, a payments.Adapter, ev *payments.Event) {
	t.Helper()
	assert.Equal(t, a.Name(), ev.Provider, "event provider")
	assert.NotEmpty(t, ev.SignatureCovers, "event SignatureCovers")
	assert.NotEmpty(t, ev.Raw, "event Raw")
	// A key from a body that is not signed could be used up by a swapped
	// body: it must come from Refresh only.
	if ev.BodyAuthenticated {
		assert.NotEmpty(t, ev.DedupeKey, "a body-authenticated event has no DedupeKey")
	} else {
		assert.Empty(t, ev.DedupeKey, "an event whose body is not signed must get its DedupeKey from Refresh")
	}
	assert.NotEmpty(t, ev.Kind, "event Kind")
	assert.NotEmpty(t, ev.Type, "event Type")
}

func testPayout(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Payout
	params.Reference = ""
	p, err := a.CreatePayout(c, &params)
	require.NoError(t, err, "CreatePayout")
	require.NotEmpty(t, p.ID, "payout id")
	require.NotEmpty(t, p.Reference, "CreatePayout must fill a reference in")
	assert.Equal(t, a.Name(), p.Provider)
	assert.NotEmpty(t, p.ProviderStatus)
	assert.Empty(t, params.Reference, "CreatePayout changed the caller's params")
	assert.NoError(t, payments.MatchPayout(&payments.PayoutParams{Amount: params.Amount, Asset: params.Asset,
		Address: params.Address, Tag: params.Tag, Reference: p.Reference}, p), "the payout returned is not the one asked for")
	got, err := a.GetPayout(c, p.ID)
	require.NoError(t, err, "GetPayout")
	assert.Equal(t, p.ID, got.ID)
	if a.Capabilities().Has(payments.CapFindPayout) {
		found, err := a.FindPayout(c, p.Reference)
		require.NoError(t, err, "FindPayout(%q)", p.Reference)
		assert.Equal(t, p.ID, found.ID)
		_, err = a.FindPayout(c, "never-used-reference-0000")
		assert.ErrorIs(t, err, payments.ErrNotFound, "FindPayout(unknown)")

		// The same call again (what a merchant does after an unknown
		// outcome) returns the same payout, never a second one.
		same := h.Payout
		same.Reference = p.Reference
		again, err := a.CreatePayout(c, &same)
		if assert.NoError(t, err, "CreatePayout repeated with the same reference and parameters") {
			assert.Equal(t, p.ID, again.ID, "a second payout was made with reference %q", p.Reference)
		}
		// Other parameters under a used reference are somebody else's payout.
		other := same
		other.Amount.Amount = other.Amount.Amount.Mul(decimal.NewFromInt(2))
		_, err = a.CreatePayout(c, &other)
		assert.ErrorIs(t, err, payments.ErrDuplicateReference, "another payout under a used reference")
		oneMeaning(t, err, "another payout under a used reference")
	}
	if h.CompletePayout == nil || !a.Capabilities().Has(payments.CapWebhooks) {
		return
	}
	from := h.Webhooks.Len()
	require.NoError(t, h.CompletePayout(c, p), "CompletePayout")
	events, _ := parseAll(t, h, from)
	var last *payments.Event
	for _, ev := range events {
		if ev.Kind == payments.EventPayout {
			last = ev
		}
	}
	require.NotNil(t, last, "completing the payout delivered no payout event")
	done, err := a.GetPayout(c, p.ID)
	require.NoError(t, err)
	assert.True(t, done.Status.IsSuccess(), "payout status after completion = %q (%s)", done.Status, done.ProviderStatus)
}

func testPayoutUnknownOutcome(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	caps := a.Capabilities()
	params := h.Payout
	params.Reference = ""
	made := h.PayoutsMade()
	send, sender := payoutSender(t, c, a)
	if sender != nil {
		params.Reference = fmt.Sprintf("paymentstest-unknown-%d", time.Now().UnixNano())
	}
	h.InjectPayoutUnknownOutcome()
	p, err := send(&params)
	oneMeaning(t, err, "CreatePayout after a fault")
	var ref string
	switch {
	case err == nil:
		ref = p.Reference // the adapter resolved the outcome itself
	case errors.Is(err, payments.ErrUnknownOutcome):
		var uo *payments.UnknownOutcomeError
		require.ErrorAs(t, err, &uo)
		require.NotEmpty(t, uo.Reference, "unknown outcome without a reference: %v", err)
		ref = uo.Reference
	default:
		t.Fatalf("CreatePayout after a fault: %v (want success or ErrUnknownOutcome)", err)
	}
	again := params
	again.Reference = ref
	repeated, err := send(&again)
	oneMeaning(t, err, "CreatePayout repeated after an unknown outcome")
	if caps.Has(payments.CapDedupePayout) {
		// What payments tells merchants to do: repeat the call with the same
		// reference. It must return the payout, never make a second one.
		require.NoError(t, err, "CreatePayout repeated after an unknown outcome")
		if p != nil {
			assert.Equal(t, p.ID, repeated.ID)
		}
	} else {
		// A provider that cannot deduplicate is protected by the journal
		// of payouts.Sender: it never resends the reference, and reports
		// the payout for a person.
		assert.Nil(t, repeated, "a provider without CapDedupePayout sent the payout again")
		assert.ErrorIs(t, err, payouts.ErrNeedsPerson, "repeating an unsettled payout")
		results, err := sender.Resolve(c)
		require.NoError(t, err)
		require.Len(t, results, 1)
		assert.Equal(t, payouts.StateAttention, results[0].State)
		assert.ErrorIs(t, results[0].Err, payouts.ErrNeedsPerson)
	}
	if caps.Has(payments.CapFindPayout) {
		found, err := a.FindPayout(c, ref)
		require.NoError(t, err, "FindPayout(%q) after an unknown outcome", ref)
		assert.Equal(t, repeated.ID, found.ID)
	}
	assert.Equal(t, made+1, h.PayoutsMade(), "payouts made by one CreatePayout, its unknown outcome and the repeat")
}

// testPayoutLookupFault: a payout made behind an unknown outcome, then
// repeated while the lookup that would settle it fails. The payout is the
// merchant's own and exists: the answer is the payout, or an unknown outcome,
// and never "reference taken by someone else" (which invites paying again
// under a new reference). Then the repeat without the fault settles it, and
// exactly one payout was made.
func testPayoutLookupFault(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Payout
	params.Reference = ""
	made := h.PayoutsMade()
	h.InjectPayoutUnknownOutcome()
	p, err := a.CreatePayout(c, &params)
	oneMeaning(t, err, "CreatePayout after a fault")
	var ref string
	if err == nil {
		ref = p.Reference
	} else {
		var uo *payments.UnknownOutcomeError
		require.ErrorAs(t, err, &uo, "CreatePayout after a fault: want success or an unknown outcome")
		ref = uo.Reference
	}
	require.NotEmpty(t, ref)
	again := params
	again.Reference = ref
	h.InjectPayoutLookupFault()
	got, err := a.CreatePayout(c, &again)
	oneMeaning(t, err, "CreatePayout repeated while the lookup fails")
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference, "the merchant's own payout was reported as someone else's")
	if err != nil {
		assert.ErrorIs(t, err, payments.ErrUnknownOutcome, "a repeat whose lookup failed")
		assert.Nil(t, got)
	}
	settled, err := a.CreatePayout(c, &again)
	require.NoError(t, err, "CreatePayout repeated once the lookup works")
	assert.Equal(t, ref, settled.Reference)
	assert.Equal(t, made+1, h.PayoutsMade(), "payouts made for one reference")
}

// testCreditOnce takes invoices through the README recipe and the library's
// handler: credit when the recorded status changes to a success. An order
// paid in part is never credited; one paid in full, in two halves, or over
// is credited exactly once, whatever the order and repetition of deliveries.
func testCreditOnce(t *testing.T, h Harness) {
	half, one, over := decimal.RequireFromString("0.5"), decimal.NewFromInt(1), decimal.RequireFromString("1.5")
	for _, c := range []struct {
		name     string
		payments []decimal.Decimal
		credited int
	}{
		{"Half", []decimal.Decimal{half}, 0},
		{"HalfThenTopUp", []decimal.Decimal{half, half}, 1},
		{"Full", []decimal.Decimal{one}, 1},
		{"Over", []decimal.Decimal{over}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			cx, a := ctx(t), h.Adapter
			params := h.Invoice
			params.Reference = "order-" + strings.ReplaceAll(t.Name(), "/", "-") + "-" + fmt.Sprint(time.Now().UnixNano())
			if len(params.Reference) > 64 {
				params.Reference = params.Reference[len(params.Reference)-64:]
			}
			inv, err := a.CreateInvoice(cx, &params)
			require.NoError(t, err, "CreateInvoice")
			from := h.Webhooks.Len()
			for i, f := range c.payments {
				require.NoError(t, h.PayInvoiceFraction(cx, inv, f), "payment %d (%s of the invoice)", i+1, f)
			}
			reqs := h.Webhooks.Requests(from)
			require.NotEmpty(t, reqs, "paying the invoice delivered no webhook")
			for _, order := range []string{"as sent", "newest first"} {
				credits := map[string]int{}
				var mu sync.Mutex
				handler := webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(_ context.Context, u webhooks.Update) error {
					// The README's recipe, word for word.
					if u.Changed() && u.Status.IsSuccess() {
						mu.Lock()
						credits[u.Event.Reference]++
						mu.Unlock()
					}
					return nil
				})
				list := slices.Clone(reqs)
				if order == "newest first" {
					slices.Reverse(list)
				}
				for _, r := range list {
					for range 2 {
						body, header := readBack(t, r)
						w := httptest.NewRecorder()
						handler.ServeHTTP(w, NewRequest(body, header))
						require.Equal(t, http.StatusOK, w.Code, "handler answer (%s): %s", order, w.Body.String())
					}
				}
				assert.Equal(t, c.credited, credits[inv.Reference], "order %q credited (deliveries %s); the invoice was paid %v of its due amount",
					inv.Reference, order, c.payments)
			}
		})
	}
}

// testReferenceReuseAfterTimeout reuses a payout's reference for other
// parameters while the sandbox fails after doing the work: whatever the
// adapter finds by the reference is somebody else's payout, so the answer is
// ErrDuplicateReference, never the old payout as success.
func testReferenceReuseAfterTimeout(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Payout
	params.Reference = ""
	send, sender := payoutSender(t, c, a)
	if sender != nil {
		params.Reference = fmt.Sprintf("paymentstest-reuse-%d", time.Now().UnixNano())
	}
	p, err := send(&params)
	require.NoError(t, err)
	other := h.Payout
	other.Reference = p.Reference
	other.Amount.Amount = other.Amount.Amount.Mul(decimal.NewFromInt(5))
	if a.Capabilities().Has(payments.CapDedupePayout) {
		// Without CapDedupePayout the Sender's journal refuses a used
		// reference before any request: a fault armed here would be left
		// for a later check.
		h.InjectPayoutUnknownOutcome()
	}
	got, err := send(&other)
	assert.Nil(t, got, "the old payout was returned for other parameters")
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)
	oneMeaning(t, err, "another payout under a used reference")
}

// payoutSender is how the suite sends a payout through a: straight through
// the adapter where the provider deduplicates a reference, else through
// payouts.Sender over a memory journal (the adapter alone would send a
// repeated reference again; the journal is that provider's protection).
func payoutSender(t *testing.T, c context.Context, a payments.Adapter) (func(*payments.PayoutParams) (*payments.Payout, error), *payouts.Sender) {
	if a.Capabilities().Has(payments.CapDedupePayout) {
		return func(p *payments.PayoutParams) (*payments.Payout, error) { return a.CreatePayout(c, p) }, nil
	}
	s, err := payouts.NewSender(a, payouts.NewMemoryJournal())
	require.NoError(t, err)
	return func(p *payments.PayoutParams) (*payments.Payout, error) { return s.Send(c, p) }, s
}

// testDeposit creates a deposit address and, with webhooks, pays into it:
// the deposit and every payment event into it name the customer and the
// address, the same way on every provider.
func testDeposit(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Deposit
	d, err := a.CreateDepositAddress(c, &params)
	require.NoError(t, err, "CreateDepositAddress")
	assert.NotEmpty(t, d.Address)
	assert.NotEmpty(t, d.Asset)
	assert.Equal(t, a.Name(), d.Provider)
	assert.Equal(t, params.Customer, d.Customer, "Deposit.Customer")
	if !a.Capabilities().Has(payments.CapWebhooks) {
		return
	}
	from := h.Webhooks.Len()
	require.NoError(t, h.PayDeposit(c, d), "PayDeposit")
	events, _ := parseAll(t, h, from)
	var paid int
	for _, ev := range events {
		if ev.Kind != payments.EventPayment {
			continue
		}
		paid++
		assert.Equal(t, params.Customer, ev.Customer, "payment event %s: Customer", ev.Type)
		assert.True(t, payments.SameAddress(d.Address, ev.DepositAddress), "payment event %s: DepositAddress %q, want %q", ev.Type, ev.DepositAddress, d.Address)
		assert.Empty(t, ev.InvoiceID, "a deposit payment names no invoice")
	}
	assert.NotZero(t, paid, "paying the deposit address delivered no payment event")
}

func testWebhookRefusals(t *testing.T, h Harness) {
	a := h.Adapter
	_, err := a.ParseWebhook(NewRequest(nil, http.Header{}))
	assert.ErrorIs(t, err, payments.ErrMalformed, "empty body")
	huge := bytes.Repeat([]byte("a"), (1<<20)+1)
	_, err = a.ParseWebhook(NewRequest(huge, http.Header{}))
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "oversized body")
	for _, junk := range []string{"not json", "[]", `{"a":1e999999999}`, `{}`, "null"} {
		_, err := a.ParseWebhook(NewRequest([]byte(junk), http.Header{}))
		if !errors.Is(err, payments.ErrMalformed) && !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("body %q: err = %v, want ErrMalformed or ErrInvalidSignature", junk, err)
		}
	}
	bodies := h.Webhooks.Bodies(0)
	reqs := h.Webhooks.Requests(0)
	require.NotEmpty(t, reqs, "no webhook was recorded by the earlier checks: the refusal checks have nothing to alter")
	body, header := bodies[0], reqs[0].Header
	b2, h2 := h.BreakSignature(bytes.Clone(body), header.Clone())
	_, err = a.ParseWebhook(NewRequest(b2, h2))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "broken signature")
	// A missing signature is 401 on every provider, through the handler.
	b3, h3 := h.StripSignature(bytes.Clone(body), header.Clone())
	_, err = a.ParseWebhook(NewRequest(b3, h3))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "missing signature")
	w := httptest.NewRecorder()
	webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(context.Context, webhooks.Update) error { return nil }).
		ServeHTTP(w, NewRequest(b3, h3))
	assert.Equal(t, http.StatusUnauthorized, w.Code, "handler answer to a webhook without its signature: %s", w.Body.String())
	ev, err := a.ParseWebhook(NewRequest(body, header))
	require.NoError(t, err, "recorded webhook no longer parses")
	if ev.BodyAuthenticated {
		// A fully signed body must not survive tampering with any byte.
		tampered := bytes.Clone(body)
		i := bytes.IndexAny(tampered, "0123456789")
		if i < 0 {
			return
		}
		tampered[i] = '0' + (tampered[i]-'0'+1)%10
		_, err := a.ParseWebhook(NewRequest(tampered, header))
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, "tampered body of a fully signed webhook")
	} else {
		assert.Contains(t, strings.ToLower(ev.SignatureCovers), "not", "a partly signed event must say what is not covered")
	}
}

// testParallel runs calls from many goroutines through the one adapter: zero
// failures (run it with -race).
func testParallel(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	caps := a.Capabilities()
	n := h.Parallel
	if n <= 0 {
		n = 16
	}
	var inv *payments.Invoice
	if caps.Has(payments.CapInvoices) {
		params := h.Invoice
		params.Reference = ""
		var err error
		inv, err = a.CreateInvoice(c, &params)
		require.NoError(t, err)
	}
	// A payout made before the goroutines start is read back by all of them,
	// so providers without invoices or FindPayout are exercised too.
	var payout *payments.Payout
	if caps.Has(payments.CapPayouts) {
		params := h.Payout
		params.Reference = ""
		var err error
		payout, err = a.CreatePayout(c, &params)
		require.NoError(t, err, "CreatePayout before the parallel calls")
	}
	var failures atomic.Int64
	var first sync.Once
	var firstErr error
	fail := func(err error) {
		failures.Add(1)
		first.Do(func() { firstErr = err })
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if inv != nil {
				if _, err := a.GetInvoice(c, inv.ID); err != nil {
					fail(fmt.Errorf("GetInvoice: %w", err))
				}
				params := h.Invoice
				params.Reference = ""
				if _, err := a.CreateInvoice(c, &params); err != nil {
					fail(fmt.Errorf("CreateInvoice: %w", err))
				}
			}
			if payout != nil {
				if got, err := a.GetPayout(c, payout.ID); err != nil {
					fail(fmt.Errorf("GetPayout: %w", err))
				} else if got.ID != payout.ID {
					fail(fmt.Errorf("GetPayout(%q) returned %q", payout.ID, got.ID))
				}
			}
			if caps.Has(payments.CapDeposits) {
				params := h.Deposit
				if params.Customer != "" {
					params.Customer = fmt.Sprintf("%s-parallel-%d", params.Customer, i)
				}
				if _, err := a.CreateDepositAddress(c, &params); err != nil {
					fail(fmt.Errorf("CreateDepositAddress: %w", err))
				}
			}
			if caps.Has(payments.CapFindPayout) {
				if _, err := a.FindPayout(c, fmt.Sprintf("parallel-never-used-%d", i)); !errors.Is(err, payments.ErrNotFound) {
					fail(fmt.Errorf("FindPayout: %w", err))
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failures.Load(), "parallel calls failed; first: %v", firstErr)
}

// testRedirect points an adapter at a server that redirects every request to
// another one: every call fails, and the other host receives nothing (no
// credentials, no signed payload).
func testRedirect(t *testing.T, h Harness) {
	var received atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer other.Close()
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, other.URL+r.URL.RequestURI(), code)
		}))
		a, err := h.AdapterAt(redirector.URL)
		require.NoError(t, err, "AdapterAt")
		c, caps := ctx(t), a.Capabilities()
		if caps.Has(payments.CapInvoices) {
			_, err := a.GetInvoice(c, "123")
			assert.Error(t, err, "GetInvoice through a %d redirect", code)
			params := h.Invoice
			_, err = a.CreateInvoice(c, &params)
			assert.Error(t, err, "CreateInvoice through a %d redirect", code)
		}
		if caps.Has(payments.CapPayouts) {
			params := h.Payout
			_, err := a.CreatePayout(c, &params)
			assert.Error(t, err, "CreatePayout through a %d redirect", code)
		}
		if caps.Has(payments.CapFindPayout) {
			_, err := a.FindPayout(c, "some-reference")
			assert.Error(t, err, "FindPayout through a %d redirect", code)
		}
		redirector.Close()
	}
	assert.Zero(t, received.Load(), "the other host received requests through redirects")
}
