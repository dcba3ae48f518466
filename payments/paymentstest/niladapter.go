package paymentstest

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// NilClient checks NewAdapter(nil, …), the one behaviour every provider
// shares: the nil client is refused with a *payments.ValidationError on
// Field "client", and the adapter returned beside that error is inert, not
// nil (code that drops the error fails loudly instead of panicking): it never
// panics, on any method or when printed; it reports no capabilities; it does
// not pretend to hold a client; every call returns an error matching
// payments.ErrUnsupported. build calls NewAdapter(nil, …), so that its own
// panic is caught too.
func NilClient[A payments.Adapter](t *testing.T, name string, build func() (A, error)) {
	t.Helper()
	var a payments.Adapter
	var err error
	require.NotPanics(t, func() { a, err = build() }, "NewAdapter(nil, …)")
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve, "NewAdapter(nil, …)")
	assert.Equal(t, "client", ve.Field)
	require.NotNil(t, a, "the adapter beside the error is inert, not nil")
	ctx := context.Background()
	assert.Equal(t, payments.Capabilities(0), a.Capabilities())
	assert.Equal(t, name, a.Name())
	var notAClient *struct{ x int }
	assert.False(t, a.As(&notAClient))
	assert.NotPanics(t, func() { _ = fmt.Sprintf("%v %+v %#v", a, a, a) })
	calls := map[string]func() error{
		"CreateInvoice": func() error {
			_, err := a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("10", "USD")})
			return err
		},
		"GetInvoice":  func() error { _, err := a.GetInvoice(ctx, "1"); return err },
		"FindInvoice": func() error { _, err := a.FindInvoice(ctx, "ref"); return err },
		"CreatePayout": func() error {
			_, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "addr"})
			return err
		},
		"GetPayout":  func() error { _, err := a.GetPayout(ctx, "1"); return err },
		"FindPayout": func() error { _, err := a.FindPayout(ctx, "ref"); return err },
		"CreateDepositAddress": func() error {
			_, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: "c"})
			return err
		},
		"ParseWebhook": func() error {
			_, err := a.ParseWebhook(NewRequest([]byte(`{"id":1}`), http.Header{}))
			return err
		},
		"Refresh": func() error {
			_, err := a.Refresh(ctx, &payments.Event{ObjectID: "1", Raw: []byte(`{"id":1}`)})
			return err
		},
	}
	for name, call := range calls {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		assert.ErrorIs(t, err, payments.ErrUnsupported, name)
	}
}
