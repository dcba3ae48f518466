package decjson

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
)

func TestDecimalRoundTripsWithoutLoss(t *testing.T) {
	for in, want := range map[string]string{
		`"0.00000001"`:                   "0.00000001",
		`0.00000001`:                     "0.00000001",
		`1e-08`:                          "0.00000001",
		`"1E-8"`:                         "0.00000001",
		`3.708847905797581e-05`:          "0.00003708847905797581",
		`"123456789.123456789123456789"`: "123456789.123456789123456789",
		`12345678901234567890123`:        "12345678901234567890123",
		`0.1`:                            "0.1",
	} {
		var v struct {
			A decimal.Decimal `json:"a"`
		}
		if err := Unmarshal([]byte(`{"a":`+in+`}`), &v); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if v.A.String() != want {
			t.Errorf("%s: got %s want %s", in, v.A.String(), want)
		}
		out, _ := json.Marshal(Number{v.A})
		if string(out) != want {
			t.Errorf("Number(%s) encodes as %s", in, out)
		}
	}
}

func TestHostileNumbersRejected(t *testing.T) {
	for _, in := range []string{
		`{"a":1e999999999}`, `{"a":"1e999999999"}`, `{"a":"1E-2147483648"}`, `[1e101]`,
		`{"a":` + string(make([]byte, 0)) + `1` + repeat("0", 300) + `}`,
	} {
		var v any
		if err := Unmarshal([]byte(in), &v); !errors.Is(err, ErrHostileNumber) {
			t.Errorf("%.40s: err = %v", in, err)
		}
	}
	// An address that merely contains an "e" is not a number.
	var v map[string]string
	if err := Unmarshal([]byte(`{"address":"0xdeadbeef","txid":"1e9f"}`), &v); err != nil {
		t.Errorf("ordinary strings refused: %v", err)
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, n*len(s))
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func TestLenient(t *testing.T) {
	for in, want := range map[string]string{`""`: "0", `null`: "0", `"1.5"`: "1.5", `2`: "2", `" 3 "`: "3", `2e-3`: "0.002"} {
		var l Lenient
		if err := json.Unmarshal([]byte(in), &l); err != nil || l.String() != want {
			t.Errorf("%s: %v %s", in, err, l.String())
		}
	}
	var l Lenient
	if err := json.Unmarshal([]byte(`"abc"`), &l); err == nil {
		t.Error("abc accepted")
	}
	if err := json.Unmarshal([]byte(`"1e500"`), &l); err == nil {
		t.Error("1e500 accepted")
	}
}

func TestStringAndInt(t *testing.T) {
	for in, want := range map[string]string{`"164"`: "164", `164`: "164", `null`: "", `true`: "true", `12345678901234567890`: "12345678901234567890"} {
		var s String
		if err := json.Unmarshal([]byte(in), &s); err != nil || string(s) != want {
			t.Errorf("String %s: %v %q", in, err, s)
		}
	}
	var s String
	if err := json.Unmarshal([]byte(`{}`), &s); err == nil {
		t.Error("object accepted as String")
	}
	for in, want := range map[string]int{`"9"`: 9, `3`: 3, `null`: 0, `""`: 0, `6.0`: 6} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err != nil || int(n) != want {
			t.Errorf("Int %s: %v %d", in, err, n)
		}
	}
	for _, in := range []string{`"x"`, `1.5`, `1e99`, `99999999999999`} {
		var n Int
		if err := json.Unmarshal([]byte(in), &n); err == nil {
			t.Errorf("Int %s accepted", in)
		}
	}
}

func FuzzUnmarshalDecimal(f *testing.F) {
	for _, s := range []string{`"1"`, `1e-8`, `"1e999999999"`, `null`, `""`, `"abc"`, `-0.0`, `1E+2`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v struct {
			A decimal.Decimal `json:"a"`
			L Lenient         `json:"l"`
			N Int             `json:"n"`
			S String          `json:"s"`
		}
		body := []byte(`{"a":` + s + `,"l":` + s + `,"n":` + s + `,"s":` + s + `}`)
		if err := Unmarshal(body, &v); err != nil {
			return
		}
		// Anything accepted must print in bounded time and space.
		if len(v.A.String()) > 2*MaxExponent+MaxDigits || len(v.L.String()) > 2*MaxExponent+MaxDigits {
			t.Fatalf("%s decoded to an oversized decimal", s)
		}
	})
}
