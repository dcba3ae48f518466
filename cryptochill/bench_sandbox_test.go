package cryptochill_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// BenchmarkSandboxRoundTrip is one full signed call (build payload, sign,
// HTTP over loopback, the sandbox's own verification, decode) per iteration.
func BenchmarkSandboxRoundTrip(b *testing.B) {
	sb, c := sandbox(b, cryptochilltest.Options{})
	ctx := b.Context()
	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(10), Currency: "USD"})
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Invoices.Get(ctx, inv.ID); err != nil {
			b.Fatal(err)
		}
	}
}
