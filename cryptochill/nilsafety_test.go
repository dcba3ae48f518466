package cryptochill

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
		"nil ctx get": func() error { _, err := c.Invoices.Get(nilCtx, "x"); return err },
		"nil ctx all": func() error {
			for _, err := range c.Invoices.All(nilCtx, nil) {
				return err
			}
			return nil
		},
		"nil invoice params": func() error { _, err := c.Invoices.Create(ctx, nil); return err },
		"nil payout params":  func() error { _, err := c.Payouts.Create(ctx, nil); return err },
		"empty payout id":    func() error { _, err := c.Payouts.Get(ctx, ""); return err },
		"no confirmations":   func() error { _, err := c.Transactions.Confirmations(ctx); return err },
		"nil conversion":     func() error { _, err := c.Conversions.Create(ctx, nil); return err },
		"nil auto payout":    func() error { _, err := c.AutomaticPayouts.Create(ctx, nil); return err },
		"nil auto conv":      func() error { _, err := c.AutomaticConversions.Create(ctx, nil); return err },
		"adapter nil":        func() error { _, err := a.CreatePayout(ctx, nil); return err },
		"adapter refresh":    func() error { _, err := a.Refresh(ctx, nil); return err },
		"adapter parse nil":  func() error { _, err := a.ParseWebhook(nil); return err },
		"refresh nil event":  func() error { _, err := c.Webhooks.Refresh(ctx, nil); return err },
	}
	providertest.MisuseIsAnError(t, calls)
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent")
}
