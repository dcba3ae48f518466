package payments

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMatchPayout(t *testing.T) {
	want := &PayoutParams{Amount: MustMoney("0.005", "BTC"), Asset: "BTC", Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", Tag: "", Reference: "r1"}
	same := func() *Payout {
		return &Payout{ID: "p1", Reference: "r1", Amount: MustMoney("0.00500", "btc"), Asset: "BTC", Address: " BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ "}
	}
	require.NoError(t, MatchPayout(want, same()))
	for field, edit := range map[string]func(*Payout){
		"reference":       func(p *Payout) { p.Reference = "r2" },
		"amount":          func(p *Payout) { p.Amount.Amount = MustMoney("0.001", "").Amount },
		"amount.currency": func(p *Payout) { p.Amount.Currency = "LTC" },
		"asset":           func(p *Payout) { p.Asset = "USDT-TRX" },
		"address":         func(p *Payout) { p.Address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdz" },
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
		assert.NotContains(t, err.Error(), "bc1q", "values are not echoed")
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

func TestSameAddress(t *testing.T) {
	for _, c := range []struct {
		a, b string
		same bool
	}{
		// EVM: EIP-55 checksum case is not part of the address.
		{"0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886e0f7030069857d2e4169ee7", true},
		{" 0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886E0F7030069857D2E4169EE7 ", true},
		{"0x52908400098527886E0F7030069857D2E4169EE7", "0x52908400098527886E0F7030069857D2E4169EE8", false},
		// bech32: one case on each side.
		{"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", true},
		{"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "bc1qar0srrr7xfkvy5l643lydnw9RE59gtzzwf5mdq", false},
		{"bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", "BITCOINCASH:QPM2QSZNHKS23Z7629MMS6S4CWEF74VCWVY22GDX6A", true},
		// base58 (legacy BTC, Tron): case is a different digit.
		{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", true},
		{"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "1bvbmseystwetqtfn5au4m4gfg7xjanvn2", false},
		{"TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", "TJRABPRWBZY45SBAVFCJINPJC18KJPRTV8", false},
		{"", "", false},
		{"a", "", false},
	} {
		assert.Equal(t, c.same, SameAddress(c.a, c.b), "SameAddress(%q, %q)", c.a, c.b)
		assert.Equal(t, c.same, SameAddress(c.b, c.a), "SameAddress(%q, %q)", c.b, c.a)
	}
}
