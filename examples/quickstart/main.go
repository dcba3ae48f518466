// Command quickstart is coinsdk's main job, offline: for every provider it
// starts the provider's sandbox and a webhook endpoint of its own, then takes
// an invoice, its payment, the verified webhooks and a payout through the
// provider-neutral payments interfaces, and prints one line per provider.
// The payout goes through a payouts.Sender, which writes it down in a
// journal before the request and after, so that a reference is paid once;
// the last column says what the Sender does on that provider when a
// payout's outcome is unknown (a timeout, a crash): look it up, repeat it
// (the provider dedupes), or leave it to a person.
//
//	go run ./examples/quickstart
//
// It needs no account and reaches no provider: every request goes to an
// in-process sandbox on 127.0.0.1, and the journal is in memory (one
// process; production uses sqlstore's). It exits non-zero if any step fails.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
)

// sandboxRun is one provider wired to its sandbox.
type sandboxRun struct {
	adapter payments.Adapter
	invoice payments.InvoiceParams
	payout  payments.PayoutParams
	// pay makes the sandbox receive and confirm the full payment of inv.
	pay func(ctx context.Context, inv *payments.Invoice) error
	// completePayout makes the sandbox send and confirm p; wired defaults
	// it to the sandbox's CompletePayout.
	completePayout func(ctx context.Context, p *payments.Payout) error
	// deposit and payDeposit replace invoice and pay for a provider without
	// CapInvoices: money comes in to a customer's deposit address.
	deposit    payments.DepositParams
	payDeposit func(ctx context.Context, d *payments.Deposit) error
	close      func()
}

// setup starts a provider's sandbox, delivering webhooks to webhookURL.
type setup func(webhookURL string) (*sandboxRun, error)

// sandbox is what every provider's sandbox server offers a sandboxRun.
type sandbox interface {
	CompletePayout(id string) error
	Close()
}

// wired finishes a provider's run around its adapter a, which err says was
// not built: the sandbox is then closed and err returned. Otherwise run
// gets a, closes with the sandbox, and completes a payout with the
// sandbox's CompletePayout unless it has its own way.
func wired(sb sandbox, a payments.Adapter, err error, run sandboxRun) (*sandboxRun, error) {
	if err != nil {
		sb.Close()
		return nil, err
	}
	run.adapter, run.close = a, sb.Close
	if run.completePayout == nil {
		run.completePayout = func(_ context.Context, p *payments.Payout) error { return sb.CompletePayout(p.ID) }
	}
	return &run, nil
}

var providers = []struct {
	name  string
	setup setup
}{
	{"cryptochill", setupCryptoChill},
	{"cryptoprocessing", setupCryptoProcessing},
	{"channels", setupChannels},
	{"cryptopay", setupCryptopay},
	{"gateway", setupGateway},
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tINVOICE\tPAID\tWEBHOOKS\tPAYOUT\tIF A PAYOUT'S OUTCOME IS UNKNOWN")
	failed := false
	for _, p := range providers {
		row, err := run(ctx, p.setup)
		if err != nil {
			failed = true
			row = "FAILED: " + err.Error()
		}
		fmt.Fprintf(tw, "%s\t%s\n", p.name, row)
	}
	tw.Flush()
	if failed {
		os.Exit(1)
	}
}

// run takes one provider through the whole job and returns its table cells.
func run(ctx context.Context, start setup) (string, error) {
	hook := newWebhookEndpoint()
	defer hook.srv.Close()
	sb, err := start(hook.srv.URL)
	if err != nil {
		return "", fmt.Errorf("starting sandbox: %w", err)
	}
	defer sb.close()
	a := sb.adapter
	hook.setAdapter(a)

	// 1–3. Money in: an invoice, or a deposit address where the provider
	// has no invoices it can read back; the payer pays, the sandbox confirms
	// and calls our webhook; only what is signed is trusted (a partly signed
	// event is refreshed from the API).
	var inCell, paidCell string
	var events []*payments.Event
	var refreshed int
	if a.Capabilities().Has(payments.CapInvoices) {
		inv, err := a.CreateInvoice(ctx, &sb.invoice)
		if err != nil {
			return "", fmt.Errorf("create invoice: %w", err)
		}
		if err := sb.pay(ctx, inv); err != nil {
			return "", fmt.Errorf("pay invoice: %w", err)
		}
		if events, refreshed, err = received(ctx, a, hook); err != nil {
			return "", err
		}
		paid, err := a.GetInvoice(ctx, inv.ID)
		if err != nil {
			return "", fmt.Errorf("get invoice: %w", err)
		}
		if !paid.Status.IsSuccess() {
			return "", fmt.Errorf("invoice %s is %s (%s) after payment", paid.ID, paid.Status, paid.ProviderStatus)
		}
		inCell, paidCell = fmt.Sprintf("%s → %s", inv.Requested, inv.Due), fmt.Sprintf("%s %s", paid.Status, paid.Received)
	} else {
		d, err := a.CreateDepositAddress(ctx, &sb.deposit)
		if err != nil {
			return "", fmt.Errorf("create deposit address: %w", err)
		}
		if err := sb.payDeposit(ctx, d); err != nil {
			return "", fmt.Errorf("pay deposit: %w", err)
		}
		if events, refreshed, err = received(ctx, a, hook); err != nil {
			return "", err
		}
		fresh, err := a.Refresh(ctx, events[len(events)-1])
		if err != nil {
			return "", fmt.Errorf("refresh deposit webhook: %w", err)
		}
		if !fresh.Status.IsSuccess() {
			return "", fmt.Errorf("deposit %s is %s (%s) after payment", fresh.ObjectID, fresh.Status, fresh.ProviderStatus)
		}
		inCell, paidCell = "deposit to "+short(d.Address), fmt.Sprintf("%s %s", fresh.Status, fresh.Amount)
	}
	// 4. A payout through a Sender: its reference (the id of what is paid,
	// here a withdrawal request) is written down with the parameters
	// before the request leaves and the outcome after. Sent again, the
	// same reference is answered from the journal: nothing leaves.
	sender, err := payouts.NewSender(a, payouts.NewMemoryJournal())
	if err != nil {
		return "", err
	}
	params := sb.payout
	params.Reference = "wd-1001"
	po, err := sender.Send(ctx, &params)
	if err != nil {
		return "", fmt.Errorf("send payout: %w", err)
	}
	if again, err := sender.Send(ctx, &params); err != nil || again.ID != po.ID {
		return "", fmt.Errorf("payout sent again: %v, %v", again, err)
	}
	if err := sb.completePayout(ctx, po); err != nil {
		return "", fmt.Errorf("complete payout: %w", err)
	}
	more, err := hook.take()
	if err != nil {
		return "", fmt.Errorf("payout webhook: %w", err)
	}
	n, err := trust(ctx, a, more)
	if err != nil {
		return "", err
	}
	refreshed += n
	lookup, done := "find payout by reference", (*payments.Payout)(nil)
	if a.Capabilities().Has(payments.CapFindPayout) {
		done, err = a.FindPayout(ctx, po.Reference)
	} else { // no lookup by reference: read it by id
		lookup = "get payout"
		done, err = a.GetPayout(ctx, po.ID)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", lookup, err)
	}
	if !done.Status.IsSuccess() {
		return "", fmt.Errorf("payout %s is %s (%s)", done.ID, done.Status, done.ProviderStatus)
	}

	webhooks := fmt.Sprintf("%d verified", len(events)+len(more))
	if refreshed > 0 {
		webhooks += fmt.Sprintf(", %d refreshed (body not fully signed)", refreshed)
	} else {
		webhooks += ", body signed"
	}
	return fmt.Sprintf("%s\t%s\t%s\t%s %s ref %s, once\t%s",
		inCell, paidCell, webhooks,
		done.Amount, done.Status, short(done.Reference), sender.Recovery()), nil
}

// received takes the webhooks the payment produced and trusts them.
func received(ctx context.Context, a payments.Adapter, hook *webhookEndpoint) ([]*payments.Event, int, error) {
	events, err := hook.take()
	if err != nil {
		return nil, 0, fmt.Errorf("webhook: %w", err)
	}
	if len(events) == 0 {
		return nil, 0, errors.New("no webhook arrived")
	}
	n, err := trust(ctx, a, events)
	return events, n, err
}

// trust refreshes every event whose body the provider's signature does not
// cover, returning how many it refreshed: only the API's answer may be credited.
func trust(ctx context.Context, a payments.Adapter, events []*payments.Event) (int, error) {
	n := 0
	for _, ev := range events {
		if ev.BodyAuthenticated {
			continue
		}
		if _, err := a.Refresh(ctx, ev); err != nil {
			return n, fmt.Errorf("refresh webhook %s: %w", ev.DedupeKey, err)
		}
		n++
	}
	return n, nil
}

func short(s string) string {
	if len(s) > 8 {
		return s[:8] + "…"
	}
	return s
}

// webhookEndpoint is the merchant's webhook URL: it verifies every delivery
// with the adapter and keeps the events.
type webhookEndpoint struct {
	srv     *httptest.Server
	mu      sync.Mutex
	adapter payments.Adapter
	events  []*payments.Event
	errs    []string
	seen    map[string]bool
}

func newWebhookEndpoint() *webhookEndpoint {
	h := &webhookEndpoint{seen: map[string]bool{}}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	return h
}

func (h *webhookEndpoint) setAdapter(a payments.Adapter) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.adapter = a
}

func (h *webhookEndpoint) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	a := h.adapter
	h.mu.Unlock()
	ev, err := a.ParseWebhook(r)
	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		h.errs = append(h.errs, err.Error())
		http.Error(w, "rejected", http.StatusUnauthorized)
		return
	}
	// At-least-once delivery: process each key once. An event whose body is
	// not signed has no key until it is refreshed (trust does that).
	if ev.DedupeKey == "" || !h.seen[ev.DedupeKey] {
		h.seen[ev.DedupeKey] = true
		h.events = append(h.events, ev)
	}
	w.WriteHeader(http.StatusOK)
}

// take returns and clears the events received so far.
func (h *webhookEndpoint) take() ([]*payments.Event, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	evs, errs := h.events, h.errs
	h.events, h.errs = nil, nil
	if len(errs) > 0 {
		return evs, errors.New(strings.Join(errs, "; "))
	}
	return evs, nil
}
