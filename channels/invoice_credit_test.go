package channels_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInvoiceDepositNeverCreditsTheOrder runs the README recipe
// (credit(u.Event.Reference) when the status changes to a success) through
// webhooks.Handler over the deposits of checkout invoices paid in part, in
// full, in two halves and over. A deposit's callback carries the invoice's
// orderId while its status is the one transaction's: an event that paired
// the two credited an order paid in half. XGateway cannot read an invoice
// back, so no deposit event carries the order reference (each names the
// invoice in InvoiceID), and no order is ever credited from one deposit.
func TestInvoiceDepositNeverCreditsTheOrder(t *testing.T) {
	t.Parallel()
	half, one, over := decimal.RequireFromString("5"), decimal.RequireFromString("10"), decimal.RequireFromString("15")
	for i, c := range []struct {
		name string
		pays []decimal.Decimal
	}{
		{"Half", []decimal.Decimal{half}},
		{"HalfThenTopUp", []decimal.Decimal{half, half}},
		{"Full", []decimal.Decimal{one}},
		{"Over", []decimal.Decimal{over}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			e := newEnv(t, channelstest.Options{}) // each its own: the subtest reads the callbacks it caused
			a := newAdapter(t, e.c, channels.AdapterOptions{})
			order := fmt.Sprintf("order-%d", i)
			inv, err := e.c.Invoices.CreateFixed(ctx, &channels.InvoiceParams{CustomerID: fmt.Sprintf("cust-%d", i),
				Amount: decimal.NewFromInt(10), BaseCurrency: "USD", OrderID: order})
			require.NoError(t, err)
			from := e.rec.Len()
			for _, amt := range c.pays {
				id, err := e.sb.PayInvoice(inv.ID, amt)
				require.NoError(t, err)
				require.NoError(t, e.sb.Confirm(id))
			}
			reqs := e.rec.Requests(from)
			require.Len(t, reqs, len(c.pays), "one confirmed callback per deposit")
			for _, r := range reqs {
				ev, err := a.ParseWebhook(r)
				require.NoError(t, err)
				fresh, err := a.Refresh(ctx, ev)
				require.NoError(t, err)
				assert.Equal(t, payments.EventPayment, fresh.Kind)
				assert.Equal(t, payments.StatusPaid, fresh.Status, "the transaction is confirmed")
				assert.Equal(t, inv.ID, fresh.InvoiceID, "the deposit names its invoice")
				assert.Empty(t, fresh.Reference, "a deposit's status is not the order's: it must not carry the orderId")
			}
			for _, newestFirst := range []bool{false, true} {
				credits := map[string]int{}
				var mu sync.Mutex
				h := webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(_ context.Context, u webhooks.Update) error {
					if u.Changed() && u.Status.IsSuccess() { // the README's recipe
						mu.Lock()
						credits[u.Event.Reference]++
						mu.Unlock()
					}
					return nil
				})
				bodies, reqs := slices.Clone(e.rec.Bodies(from)), e.rec.Requests(from)
				idx := []int{}
				for j := range bodies {
					idx = append(idx, j)
				}
				if newestFirst {
					slices.Reverse(idx)
				}
				for _, j := range idx {
					body, header := bodies[j], reqs[j].Header
					for range 2 {
						w := httptest.NewRecorder()
						h.ServeHTTP(w, paymentstest.NewRequest(body, header))
						require.Equal(t, http.StatusOK, w.Code, w.Body.String())
					}
				}
				assert.Zero(t, credits[order], "order %q was credited from a deposit's status", order)
			}
		})
	}
}
