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
package paymentstest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

// Harness is what Run needs to exercise an adapter against its sandbox.
type Harness struct {
	// Adapter is the adapter under test, talking to a sandbox.
	Adapter payments.Adapter
	// Invoice holds valid invoice parameters for this provider; Reference may
	// be left empty: the suite checks the adapter fills one in.
	Invoice payments.InvoiceParams
	// Payout holds valid payout parameters; its Reference is ignored.
	Payout payments.PayoutParams
	// Deposit holds valid deposit-address parameters.
	Deposit payments.DepositParams
	// Webhooks receives what the sandbox delivers.
	Webhooks *WebhookRecorder
	// PayInvoice makes the sandbox receive and fully confirm the payment of
	// inv, delivering its webhooks to Webhooks before returning.
	PayInvoice func(ctx context.Context, inv *payments.Invoice) error
	// CompletePayout makes the sandbox complete p, delivering webhooks.
	CompletePayout func(ctx context.Context, p *payments.Payout) error
	// InjectPayoutUnknownOutcome makes the sandbox do the next payout create
	// and then answer 500 (or time out). Nil skips that check.
	InjectPayoutUnknownOutcome func()
	// BreakSignature returns a copy of a webhook with its signature altered
	// (wherever the provider carries it), so the suite can check refusal.
	BreakSignature func(body []byte, header http.Header) ([]byte, http.Header)
}

// Run runs every check as subtests of t.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.Adapter == nil || h.Webhooks == nil {
		t.Fatal("paymentstest: Harness needs Adapter and Webhooks")
	}
	a := h.Adapter
	caps := a.Capabilities()
	t.Run("Identity", func(t *testing.T) { testIdentity(t, a) })
	t.Run("Unsupported", func(t *testing.T) { testUnsupported(t, a, caps) })
	t.Run("Validation", func(t *testing.T) { testValidation(t, a, caps) })
	if caps.Has(payments.CapInvoices) {
		t.Run("Invoice", func(t *testing.T) { testInvoice(t, h) })
	}
	if caps.Has(payments.CapPayouts) {
		t.Run("Payout", func(t *testing.T) { testPayout(t, h) })
		if h.InjectPayoutUnknownOutcome != nil {
			t.Run("PayoutUnknownOutcome", func(t *testing.T) { testPayoutUnknownOutcome(t, h) })
		}
	}
	if caps.Has(payments.CapDeposits) {
		t.Run("Deposit", func(t *testing.T) { testDeposit(t, h) })
	}
	if caps.Has(payments.CapWebhooks) {
		t.Run("WebhookRefusals", func(t *testing.T) { testWebhookRefusals(t, h) })
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func testIdentity(t *testing.T, a payments.Adapter) {
	if a.Name() == "" {
		t.Error("Name() is empty")
	}
	var notAClient *struct{ x int }
	if a.As(&notAClient) {
		t.Error("As accepted an unrelated target")
	}
	if a.As(nil) {
		t.Error("As(nil) reported true")
	}
}

func testUnsupported(t *testing.T, a payments.Adapter, caps payments.Capabilities) {
	c := ctx(t)
	check := func(name string, err error) {
		if !errors.Is(err, payments.ErrUnsupported) {
			t.Errorf("%s without the capability: err = %v, want ErrUnsupported", name, err)
		}
	}
	if !caps.Has(payments.CapInvoices) {
		_, err := a.CreateInvoice(c, &payments.InvoiceParams{Amount: payments.MustMoney("1", "USD")})
		check("CreateInvoice", err)
	}
	if !caps.Has(payments.CapPayouts) {
		_, err := a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("1", "BTC"), Address: "x"})
		check("CreatePayout", err)
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
		if !errors.As(err, &ve) || ve.Field == "" {
			t.Errorf("%s: err = %v, want a *payments.ValidationError naming a field", name, err)
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
		wantValidation("GetInvoice(\"\")", err)
	}
	if caps.Has(payments.CapPayouts) {
		_, err := a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("1", "BTC")})
		wantValidation("CreatePayout(no address)", err)
		_, err = a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("0", "BTC"), Address: "addr"})
		wantValidation("CreatePayout(zero amount)", err)
		_, err = a.CreatePayout(c, &payments.PayoutParams{Amount: payments.MustMoney("0.000000001", "BTC"), Address: "addr"})
		wantValidation("CreatePayout(below BTC precision)", err)
		_, err = a.FindPayout(c, "")
		wantValidation("FindPayout(\"\")", err)
	}
	if caps.Has(payments.CapDeposits) {
		_, err := a.CreateDepositAddress(c, &payments.DepositParams{Customer: "c"})
		wantValidation("CreateDepositAddress(no asset)", err)
	}
}

func testInvoice(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Invoice
	inv, err := a.CreateInvoice(c, &params)
	if err != nil {
		t.Fatalf("CreateInvoice: %v", err)
	}
	if inv.ID == "" || inv.Provider != a.Name() || inv.ProviderStatus == "" {
		t.Fatalf("CreateInvoice returned %+v", inv)
	}
	if inv.Status.IsTerminal() {
		t.Errorf("new invoice status %q is terminal", inv.Status)
	}
	if !inv.Requested.Amount.Equal(params.Amount.Amount) {
		t.Errorf("Requested = %s, want %s", inv.Requested, params.Amount)
	}
	if inv.Reference == "" {
		t.Error("invoice has no Reference: adapters fill one in")
	}
	got, err := a.GetInvoice(c, inv.ID)
	if err != nil {
		t.Fatalf("GetInvoice: %v", err)
	}
	if got.ID != inv.ID {
		t.Errorf("GetInvoice ID = %q, want %q", got.ID, inv.ID)
	}
	if _, err := a.GetInvoice(c, "does-not-exist-0000"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("GetInvoice(unknown): err = %v, want ErrNotFound", err)
	}
	if h.PayInvoice == nil || !a.Capabilities().Has(payments.CapWebhooks) {
		return
	}
	from := h.Webhooks.Len()
	if err := h.PayInvoice(c, inv); err != nil {
		t.Fatalf("PayInvoice: %v", err)
	}
	reqs := h.Webhooks.Requests(from)
	if len(reqs) == 0 {
		t.Fatal("paying the invoice delivered no webhook")
	}
	var sawInvoice bool
	keys := map[string]bool{}
	for i, r := range reqs {
		ev, err := a.ParseWebhook(r)
		if err != nil {
			t.Fatalf("ParseWebhook #%d: %v", i, err)
		}
		checkEvent(t, a, ev)
		if ev.ObjectID == inv.ID || (ev.Invoice != nil && ev.Invoice.ID == inv.ID) {
			sawInvoice = true
		}
		fresh, err := a.Refresh(c, ev)
		if err != nil {
			t.Fatalf("Refresh: %v", err)
		}
		if !fresh.BodyAuthenticated || fresh.DedupeKey == "" {
			t.Errorf("Refresh returned an event not marked BodyAuthenticated, or without a DedupeKey (%q)", fresh.DedupeKey)
		}
		// Redelivery of the same webhook has the same dedupe key (after the
		// refresh, for a body that is not signed).
		again, err := a.ParseWebhook(h.Webhooks.Requests(from + i)[0])
		if err != nil {
			t.Fatalf("redelivered webhook: %v", err)
		}
		if again.DedupeKey != ev.DedupeKey {
			t.Errorf("redelivered webhook: key %q vs %q", again.DedupeKey, ev.DedupeKey)
		}
		if !ev.BodyAuthenticated {
			if refreshed, err := a.Refresh(c, again); err != nil || refreshed.DedupeKey != fresh.DedupeKey {
				t.Errorf("redelivered webhook, refreshed: key %q vs %q (err %v)", refreshed.DedupeKey, fresh.DedupeKey, err)
			}
			continue
		}
		// Signed bodies: every delivery is a different notification.
		if keys[ev.DedupeKey] {
			t.Errorf("two different deliveries share DedupeKey %q", ev.DedupeKey)
		}
		keys[ev.DedupeKey] = true
	}
	if !sawInvoice {
		t.Error("no webhook named the paid invoice")
	}
	paid, err := a.GetInvoice(c, inv.ID)
	if err != nil {
		t.Fatalf("GetInvoice after payment: %v", err)
	}
	if !paid.Status.IsSuccess() {
		t.Errorf("invoice status after full payment = %q (%s)", paid.Status, paid.ProviderStatus)
	}
	if !paid.Received.Amount.IsPositive() {
		t.Errorf("invoice Received after payment = %s", paid.Received)
	}
}

func checkEvent(t *testing.T, a payments.Adapter, ev *payments.Event) {
	t.Helper()
	if ev.Provider != a.Name() || ev.SignatureCovers == "" || len(ev.Raw) == 0 {
		t.Errorf("event lacks identity: provider %q, covers %q, raw %d bytes", ev.Provider, ev.SignatureCovers, len(ev.Raw))
	}
	// A key from a body that is not signed could be used up by a swapped
	// body: it must come from Refresh only.
	if ev.BodyAuthenticated && ev.DedupeKey == "" {
		t.Error("a body-authenticated event has no DedupeKey")
	}
	if !ev.BodyAuthenticated && ev.DedupeKey != "" {
		t.Errorf("an event whose body is not signed has DedupeKey %q: it must come from Refresh", ev.DedupeKey)
	}
	if ev.Kind == "" || ev.Type == "" {
		t.Errorf("event lacks kind/type: %q/%q", ev.Kind, ev.Type)
	}
}

func testPayout(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Payout
	params.Reference = ""
	p, err := a.CreatePayout(c, &params)
	if err != nil {
		t.Fatalf("CreatePayout: %v", err)
	}
	if p.ID == "" || p.Reference == "" || p.Provider != a.Name() || p.ProviderStatus == "" {
		t.Fatalf("CreatePayout returned %+v (a reference must be filled in)", p)
	}
	if params.Reference != "" {
		t.Error("CreatePayout changed the caller's params")
	}
	got, err := a.GetPayout(c, p.ID)
	if err != nil || got.ID != p.ID {
		t.Fatalf("GetPayout: %+v, %v", got, err)
	}
	if a.Capabilities().Has(payments.CapFindPayout) {
		found, err := a.FindPayout(c, p.Reference)
		if err != nil || found.ID != p.ID {
			t.Fatalf("FindPayout(%q): %+v, %v", p.Reference, found, err)
		}
		if _, err := a.FindPayout(c, "never-used-reference-0000"); !errors.Is(err, payments.ErrNotFound) {
			t.Errorf("FindPayout(unknown): err = %v, want ErrNotFound", err)
		}
	} else if _, err := a.FindPayout(c, p.Reference); !errors.Is(err, payments.ErrUnsupported) {
		t.Errorf("FindPayout without CapFindPayout: err = %v, want ErrUnsupported", err)
	}
	// The same reference again must never pay twice.
	dup := h.Payout
	dup.Reference = p.Reference
	if again, err := a.CreatePayout(c, &dup); err == nil && again.ID != p.ID {
		t.Errorf("a second payout with reference %q was created: %s", p.Reference, again.ID)
	} else if err != nil && !errors.Is(err, payments.ErrDuplicateReference) {
		t.Errorf("reused reference: err = %v, want ErrDuplicateReference or the same payout", err)
	}
	if h.CompletePayout == nil || !a.Capabilities().Has(payments.CapWebhooks) {
		return
	}
	from := h.Webhooks.Len()
	if err := h.CompletePayout(c, p); err != nil {
		t.Fatalf("CompletePayout: %v", err)
	}
	var last *payments.Event
	for _, r := range h.Webhooks.Requests(from) {
		ev, err := a.ParseWebhook(r)
		if err != nil {
			t.Fatalf("ParseWebhook: %v", err)
		}
		checkEvent(t, a, ev)
		if ev.Kind == payments.EventPayout {
			last = ev
		}
	}
	if last == nil {
		t.Fatal("completing the payout delivered no payout event")
	}
	done, err := a.GetPayout(c, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !done.Status.IsSuccess() {
		t.Errorf("payout status after completion = %q (%s)", done.Status, done.ProviderStatus)
	}
}

func testPayoutUnknownOutcome(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Payout
	params.Reference = ""
	h.InjectPayoutUnknownOutcome()
	p, err := a.CreatePayout(c, &params)
	var ref string
	switch {
	case err == nil:
		ref = p.Reference // the adapter resolved the outcome itself
	case errors.Is(err, payments.ErrUnknownOutcome):
		var uo *payments.UnknownOutcomeError
		if !errors.As(err, &uo) || uo.Reference == "" {
			t.Fatalf("unknown outcome without a reference: %v", err)
		}
		ref = uo.Reference
	default:
		t.Fatalf("CreatePayout after a fault: %v (want success or ErrUnknownOutcome)", err)
	}
	var found *payments.Payout
	if a.Capabilities().Has(payments.CapFindPayout) {
		found, err = a.FindPayout(c, ref)
		if err != nil {
			t.Fatalf("FindPayout(%q) after an unknown outcome: %v", ref, err)
		}
	} else {
		// No lookup: the documented resolution is repeating the create with
		// the same reference, which must answer the payout already made.
		again := h.Payout
		again.Reference = ref
		found, err = a.CreatePayout(c, &again)
		if err != nil {
			t.Fatalf("CreatePayout(%q) again after an unknown outcome: %v", ref, err)
		}
	}
	if p != nil && found.ID != p.ID {
		t.Errorf("FindPayout found %s, CreatePayout returned %s", found.ID, p.ID)
	}
}

func testDeposit(t *testing.T, h Harness) {
	c, a := ctx(t), h.Adapter
	params := h.Deposit
	d, err := a.CreateDepositAddress(c, &params)
	if err != nil {
		t.Fatalf("CreateDepositAddress: %v", err)
	}
	if d.Address == "" || d.Asset == "" || d.Provider != a.Name() {
		t.Fatalf("CreateDepositAddress returned %+v", d)
	}
}

func testWebhookRefusals(t *testing.T, h Harness) {
	a := h.Adapter
	if _, err := a.ParseWebhook(NewRequest(nil, http.Header{})); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("empty body: err = %v, want ErrMalformed", err)
	}
	huge := bytes.Repeat([]byte("a"), (1<<20)+1)
	if _, err := a.ParseWebhook(NewRequest(huge, http.Header{})); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("oversized body: err = %v, want ErrPayloadTooLarge", err)
	}
	for _, junk := range []string{"not json", "[]", `{"a":1e999999999}`, `{}`, "null"} {
		_, err := a.ParseWebhook(NewRequest([]byte(junk), http.Header{}))
		if !errors.Is(err, payments.ErrMalformed) && !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("body %q: err = %v, want ErrMalformed or ErrInvalidSignature", junk, err)
		}
	}
	bodies := h.Webhooks.Bodies(0)
	reqs := h.Webhooks.Requests(0)
	if len(reqs) == 0 || h.BreakSignature == nil {
		return
	}
	body, header := bodies[0], reqs[0].Header
	b2, h2 := h.BreakSignature(bytes.Clone(body), header.Clone())
	if _, err := a.ParseWebhook(NewRequest(b2, h2)); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("broken signature: err = %v, want ErrInvalidSignature", err)
	}
	ev, err := a.ParseWebhook(NewRequest(body, header))
	if err != nil {
		t.Fatalf("recorded webhook no longer parses: %v", err)
	}
	if ev.BodyAuthenticated {
		// A fully signed body must not survive tampering with any byte.
		tampered := bytes.Clone(body)
		i := bytes.IndexAny(tampered, "0123456789")
		if i < 0 {
			return
		}
		tampered[i] = '0' + (tampered[i]-'0'+1)%10
		if _, err := a.ParseWebhook(NewRequest(tampered, header)); !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("tampered body of a fully signed webhook: err = %v, want ErrInvalidSignature", err)
		}
	} else if !strings.Contains(strings.ToLower(ev.SignatureCovers), "not") {
		t.Errorf("partly signed event must say what is not covered; SignatureCovers = %q", ev.SignatureCovers)
	}
}
