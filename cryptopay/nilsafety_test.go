package cryptopay

import (
	"context"
	"errors"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

// TestMisuseIsAValidationError: a nil context, nil params or an empty id is
// a *payments.ValidationError on every method, never a panic, and sends
// nothing.
func TestMisuseIsAValidationError(t *testing.T) {
	t.Parallel()
	c, _ := newOfflineClient(t)
	var nilCtx context.Context
	ctx := ctxT(t)
	a := mustAdapter(t, c, AdapterOptions{})
	calls := map[string]func() error{
		"Accounts.List nil ctx":            func() error { _, err := c.Accounts.List(nilCtx); return err },
		"Accounts.Transactions empty id":   func() error { _, err := c.Accounts.Transactions(ctx, "", nil); return err },
		"Channels.Create nil":              func() error { _, err := c.Channels.Create(ctx, nil); return err },
		"Channels.Get empty":               func() error { _, err := c.Channels.Get(ctx, ""); return err },
		"Channels.Update nil":              func() error { _, err := c.Channels.Update(ctx, "x", nil); return err },
		"Channels.FindByReference empty":   func() error { _, err := c.Channels.FindByReference(ctx, ""); return err },
		"Channels.Payments empty":          func() error { _, err := c.Channels.Payments(ctx, "", nil); return err },
		"Channels.GetPayment empty":        func() error { _, err := c.Channels.GetPayment(ctx, "x", ""); return err },
		"Channels.List nil ctx":            func() error { _, err := c.Channels.List(nilCtx, nil); return err },
		"CoinWithdrawals.Create nil":       func() error { _, err := c.CoinWithdrawals.Create(ctx, nil); return err },
		"CoinWithdrawals.Send nil":         func() error { _, err := c.CoinWithdrawals.Send(ctx, nil); return err },
		"CoinWithdrawals.CreateAndCommit":  func() error { _, err := c.CoinWithdrawals.CreateAndCommit(ctx, nil, nil); return err },
		"CoinWithdrawals.Get empty":        func() error { _, err := c.CoinWithdrawals.Get(ctx, ""); return err },
		"CoinWithdrawals.NetworkFees nil":  func() error { _, err := c.CoinWithdrawals.NetworkFees(nilCtx, false); return err },
		"CoinWithdrawals.Send nil ctx":     func() error { _, err := c.CoinWithdrawals.Send(nilCtx, sendParams("r")); return err },
		"Coins.List nil ctx":               func() error { _, err := c.Coins.List(nilCtx); return err },
		"Customers.Create nil":             func() error { _, err := c.Customers.Create(ctx, nil); return err },
		"Customers.Update nil":             func() error { _, err := c.Customers.Update(ctx, "x", nil); return err },
		"Customers.Get empty":              func() error { _, err := c.Customers.Get(ctx, ""); return err },
		"ExchangeTransfers.Create nil":     func() error { _, err := c.ExchangeTransfers.Create(ctx, nil); return err },
		"ExchangeTransfers.Commit empty":   func() error { _, err := c.ExchangeTransfers.Commit(ctx, ""); return err },
		"ExchangeTransfers.Get empty":      func() error { _, err := c.ExchangeTransfers.Get(ctx, ""); return err },
		"Invoices.Recalculate empty":       func() error { _, err := c.Invoices.Recalculate(ctx, "", nil); return err },
		"Invoices.CreateRefund empty":      func() error { _, err := c.Invoices.CreateRefund(ctx, "", nil); return err },
		"Invoices.ListRefunds empty":       func() error { _, err := c.Invoices.ListRefunds(ctx, ""); return err },
		"Invoices.List nil ctx":            func() error { _, err := c.Invoices.List(nilCtx, nil); return err },
		"Rates.List nil ctx":               func() error { _, err := c.Rates.List(nilCtx); return err },
		"Rates.Get empty":                  func() error { _, err := c.Rates.Get(ctx, "", "EUR"); return err },
		"Subscriptions.Create nil":         func() error { _, err := c.Subscriptions.Create(ctx, nil); return err },
		"Subscriptions.Cancel empty":       func() error { _, err := c.Subscriptions.Cancel(ctx, ""); return err },
		"Subscriptions.Get empty":          func() error { _, err := c.Subscriptions.Get(ctx, ""); return err },
		"Subscriptions.FindByReference":    func() error { _, err := c.Subscriptions.FindByReference(ctx, ""); return err },
		"Transactions.List nil ctx":        func() error { _, err := c.Transactions.List(nilCtx, nil); return err },
		"Webhooks.Refresh nil":             func() error { _, err := c.Webhooks.Refresh(ctx, nil); return err },
		"Adapter.CreateInvoice nil":        func() error { _, err := a.CreateInvoice(ctx, nil); return err },
		"Adapter.CreatePayout nil":         func() error { _, err := a.CreatePayout(ctx, nil); return err },
		"Adapter.CreateDepositAddress nil": func() error { _, err := a.CreateDepositAddress(ctx, nil); return err },
		"Adapter.GetPayout empty":          func() error { _, err := a.GetPayout(ctx, ""); return err },
		"Adapter.FindInvoice empty":        func() error { _, err := a.FindInvoice(ctx, ""); return err },
		"Adapter.Refresh nil":              func() error { _, err := a.Refresh(ctx, nil); return err },
		"Invoices.All nil ctx": func() error {
			for _, err := range c.Invoices.All(nilCtx, nil) {
				return err
			}
			return nil
		},
		"Channels.AllPayments empty": func() error {
			for _, err := range c.Channels.AllPayments(ctx, "", nil) {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		err := call()
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field == "" {
			t.Errorf("%s: err = %v, want a *payments.ValidationError naming a field", name, err)
		}
	}
	// A verifier without secrets refuses, never panics.
	if _, err := NewWebhookVerifier().Parse(nil); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("Parse(nil): %v", err)
	}
}

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, ProviderName, func() (*Adapter, error) { return NewAdapter(nil, AdapterOptions{}) })
}
