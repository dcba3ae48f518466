package payments

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMatchPayout(t *testing.T) {
	want := &PayoutParams{Amount: MustMoney("0.005", "BTC"), Asset: "BTC", Address: "bcB", Tag: "", Reference: "r1"}
	same := func() *Payout {
		return &Payout{ID: "p1", Reference: "r1", Amount: MustMoney("0.00500", "btc"), Asset: "BTC", Address: " BCB "}
	}
	require.NoError(t, MatchPayout(want, same()))
	for field, edit := range map[string]func(*Payout){
		"reference":       func(p *Payout) { p.Reference = "r2" },
		"amount":          func(p *Payout) { p.Amount.Amount = MustMoney("0.001", "").Amount },
		"amount.currency": func(p *Payout) { p.Amount.Currency = "LTC" },
		"asset":           func(p *Payout) { p.Asset = "USDT-TRX" },
		"address":         func(p *Payout) { p.Address = "bcA" },
		"tag":             func(p *Payout) { p.Tag = "77" },
	} {
		got := same()
		edit(got)
		err := MatchPayout(want, got)
		require.Error(t, err, field)
		assert.ErrorIs(t, err, ErrDuplicateReference, field)
		var me *ReferenceMismatchError
		require.True(t, errors.As(err, &me), field)
		assert.Equal(t, field, me.Field)
		assert.Equal(t, "p1", me.ID)
		assert.Contains(t, err.Error(), field)
		assert.NotContains(t, err.Error(), "bcA", "values are not echoed")
	}
	// Fields the found payout does not report are not held against it.
	got := same()
	got.Asset, got.Amount.Currency, got.Reference = "", "", ""
	assert.NoError(t, MatchPayout(want, got))
	assert.ErrorIs(t, MatchPayout(nil, same()), ErrDuplicateReference)
	assert.ErrorIs(t, MatchPayout(want, nil), ErrDuplicateReference)
}

func TestMatchInvoice(t *testing.T) {
	want := &InvoiceParams{Amount: MustMoney("10.00", "USD"), Reference: "o1"}
	got := &Invoice{ID: "i1", Reference: "o1", Requested: MustMoney("10", "usd")}
	require.NoError(t, MatchInvoice(want, got))
	other := *got
	other.Requested = MustMoney("12", "USD")
	var me *ReferenceMismatchError
	require.ErrorAs(t, MatchInvoice(want, &other), &me)
	assert.Equal(t, "amount", me.Field)
	other = *got
	other.Reference = "o2"
	assert.ErrorIs(t, MatchInvoice(want, &other), ErrDuplicateReference)
}
