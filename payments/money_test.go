package payments

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewMoneyExact(t *testing.T) {
	for in, want := range map[string]string{
		"10.00":                        "10",
		"0.00000001":                   "0.00000001",
		"1e-8":                         "0.00000001",
		"3.708847905797581e-05":        "0.00003708847905797581",
		"123456789012345678.123456789": "123456789012345678.123456789",
	} {
		m, err := NewMoney(in, "BTC")
		require.NoError(t, err, in)
		assert.Equal(t, want, m.Amount.String(), in)
	}
	_, err := NewMoney("ten", "USD")
	assert.ErrorIs(t, err, ErrValidation)
}

func TestValidateAmount(t *testing.T) {
	cases := []struct {
		amount, currency string
		ok               bool
	}{
		{"10.00", "USD", true},
		{"10.001", "USD", false},
		{"10.0010", "EUR", false},
		{"10.100", "USD", true}, // trailing zeros are not places
		{"0.00000001", "BTC", true},
		{"0.000000001", "BTC", false},
		{"0.000000001", "ETH", true},
		{"1.1234567", "USDT-TRX", false},
		{"1.123456", "ETH_USDT", true},
		{"1.123456789", "ETH_USDT", false},
		{"1.000000001", "BTC_LIGHTNING", false},
		{"0", "BTC", false},
		{"-1", "BTC", false},
		{"1.123456789123", "UNKNOWNCOIN", true},
	}
	for _, c := range cases {
		err := ValidateAmount("amount", decimal.RequireFromString(c.amount), c.currency)
		if c.ok {
			assert.NoError(t, err, "%s %s", c.amount, c.currency)
			continue
		}
		var ve *ValidationError
		if assert.ErrorAs(t, err, &ve, "%s %s", c.amount, c.currency) {
			assert.Equal(t, "amount", ve.Field)
		}
	}
}

func TestMoneyValidateAndString(t *testing.T) {
	assert.Error(t, (Money{Amount: decimal.NewFromInt(1)}).Validate("amount"), "money without currency")
	assert.Equal(t, "0.5 BTC", MustMoney("0.5", "BTC").String())
	assert.True(t, (Money{}).IsZero())
}

func TestPrecision(t *testing.T) {
	for c, want := range map[string]int32{"btc": 8, "USD": 2, "ETH_USDT": 6, "USDT-TRX": 6, "USDC-BSC": 6, "L-BTC": 8, "ETH-BSC": 18, "JPY": 0} {
		got, ok := Precision(c)
		assert.True(t, ok, c)
		assert.Equal(t, want, got, c)
	}
	_, ok := Precision("NOPE")
	assert.False(t, ok, "unknown asset has a precision")
}

func FuzzNewMoney(f *testing.F) {
	for _, s := range []string{"1", "0.1", "1e-8", "-3", "1e999999999", "", "NaN", "0x10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := NewMoney(s, "BTC")
		if err != nil {
			return
		}
		_ = m.Validate("amount")
	})
}
