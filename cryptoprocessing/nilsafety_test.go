package cryptoprocessing

import (
	"context"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/stretchr/testify/assert"
)

// Misuse is an error, never a panic: nil contexts, nil params, empty ids.
func TestMisuseIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	a := newAdapter(t, c, AdapterOptions{})
	var nilCtx context.Context
	ctx := t.Context()
	calls := map[string]func() error{
		"nil ctx":          func() error { _, err := c.Accounts.List(nilCtx); return err },
		"nil address":      func() error { _, err := c.Addresses.Take(ctx, nil); return err },
		"nil withdrawal":   func() error { _, err := c.Withdrawals.Crypto(ctx, nil); return err },
		"nil exchange":     func() error { _, err := c.Exchange.Calculate(ctx, nil); return err },
		"nil fixed":        func() error { _, err := c.Exchange.Fixed(ctx, nil); return err },
		"nil invoice":      func() error { _, err := c.Invoices.Create(ctx, nil); return err },
		"empty cancel":     func() error { _, err := c.Invoices.Cancel(ctx, ""); return err },
		"nil query":        func() error { _, err := c.Transactions.Info(ctx, nil); return err },
		"empty id":         func() error { _, err := c.Transactions.Get(ctx, ""); return err },
		"adapter nil":      func() error { _, err := a.CreatePayout(ctx, nil); return err },
		"adapter deposit":  func() error { _, err := a.CreateDepositAddress(ctx, nil); return err },
		"adapter refresh":  func() error { _, err := a.Refresh(ctx, nil); return err },
		"adapter parse":    func() error { _, err := a.ParseWebhook(nil); return err },
		"webhooks refresh": func() error { _, err := c.Webhooks.Refresh(ctx, nil); return err },
	}
	providertest.MisuseIsAnError(t, calls)
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent")
}
