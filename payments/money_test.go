package payments

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"
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
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := m.Amount.String(); got != want {
			t.Errorf("%s: got %s want %s", in, got, want)
		}
	}
	if _, err := NewMoney("ten", "USD"); !errors.Is(err, ErrValidation) {
		t.Errorf("NewMoney(ten): %v", err)
	}
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
		if (err == nil) != c.ok {
			t.Errorf("%s %s: err = %v, want ok=%v", c.amount, c.currency, err, c.ok)
		}
		var ve *ValidationError
		if err != nil && (!errors.As(err, &ve) || ve.Field != "amount") {
			t.Errorf("%s %s: not a ValidationError on amount: %v", c.amount, c.currency, err)
		}
	}
}

func TestMoneyValidateAndString(t *testing.T) {
	if err := (Money{Amount: decimal.NewFromInt(1)}).Validate("amount"); err == nil {
		t.Error("money without currency validated")
	}
	if s := MustMoney("0.5", "BTC").String(); s != "0.5 BTC" {
		t.Errorf("String = %q", s)
	}
	if !(Money{}).IsZero() {
		t.Error("zero Money is not IsZero")
	}
}

func TestPrecision(t *testing.T) {
	for c, want := range map[string]int32{"btc": 8, "USD": 2, "ETH_USDT": 6, "USDT-TRX": 6, "USDC-BSC": 6, "L-BTC": 8, "ETH-BSC": 18, "JPY": 0} {
		if got, ok := Precision(c); !ok || got != want {
			t.Errorf("Precision(%s) = %d, %v; want %d", c, got, ok, want)
		}
	}
	if _, ok := Precision("NOPE"); ok {
		t.Error("unknown asset has a precision")
	}
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
