package decjson

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exactDecimals are numbers and numeric strings as providers send them,
// and the exact decimal each decodes to.
var exactDecimals = map[string]string{
	`"0.00000001"`:                   "0.00000001",
	`0.00000001`:                     "0.00000001",
	`1e-08`:                          "0.00000001",
	`"1e-08"`:                        "0.00000001",
	`"1E-8"`:                         "0.00000001",
	`3.708847905797581e-05`:          "0.00003708847905797581",
	`"3.708847905797581e-05"`:        "0.00003708847905797581",
	`"123456789.123456789123456789"`: "123456789.123456789123456789",
	`12345678901234567890123`:        "12345678901234567890123",
	`0.1`:                            "0.1",
	`-0.1`:                           "-0.1",
	`1E+2`:                           "100",
}

func TestDecimalRoundTripsWithoutLoss(t *testing.T) {
	for in, want := range exactDecimals {
		var v struct {
			A Decimal `json:"a"`
		}
		require.NoError(t, Unmarshal([]byte(`{"a":`+in+`}`), &v), in)
		assert.Equal(t, want, v.A.String(), in)
		out, err := json.Marshal(Number{v.A.Decimal})
		require.NoError(t, err)
		assert.Equal(t, want, string(out), "Number(%s) encodes", in)
	}
}

// Hostile numbers are refused where a decimal is decoded; strings that are
// not decoded as numbers are never looked at, however numeric they look.
func TestHostileNumbersRejected(t *testing.T) {
	for _, in := range []string{
		`{"a":1e999999999}`, `{"a":"1e999999999"}`, `{"a":"1E-2147483648"}`, `{"a":1e101}`,
		`{"a":1` + repeat("0", 300) + `}`,
	} {
		var v struct {
			A Decimal `json:"a"`
		}
		assert.ErrorIs(t, Unmarshal([]byte(in), &v), ErrHostileNumber, "%.40s", in)
	}
	var list []Decimal
	assert.ErrorIs(t, Unmarshal([]byte(`[1e101]`), &list), ErrHostileNumber)
	var v map[string]string
	assert.NoError(t, Unmarshal([]byte(`{"address":"0xdeadbeef","txid":"1e9f","reference":"12e45678","id":"1234e567-0000-4000-8000-000000000000"}`), &v),
		"strings that look like numbers refused")
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
		require.NoError(t, json.Unmarshal([]byte(in), &l), in)
		assert.Equal(t, want, l.String(), in)
	}
	var l Lenient
	assert.Error(t, json.Unmarshal([]byte(`"abc"`), &l), "abc accepted")
	assert.ErrorIs(t, json.Unmarshal([]byte(`"1e500"`), &l), ErrHostileNumber, "1e500 accepted")
}

func TestStringAndInt(t *testing.T) {
	for in, want := range map[string]string{`"164"`: "164", `164`: "164", `null`: "", `true`: "true", `12345678901234567890`: "12345678901234567890"} {
		var s String
		require.NoError(t, json.Unmarshal([]byte(in), &s), in)
		assert.Equal(t, want, string(s), in)
	}
	var s String
	assert.Error(t, json.Unmarshal([]byte(`{}`), &s), "object accepted as String")
	for in, want := range map[string]int{`"9"`: 9, `3`: 3, `null`: 0, `""`: 0, `6.0`: 6} {
		var n Int
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, want, int(n), in)
	}
	for _, in := range []string{`"x"`, `1.5`, `1e99`, `99999999999999`} {
		var n Int
		assert.Error(t, json.Unmarshal([]byte(in), &n), "Int %s accepted", in)
	}
}

func FuzzUnmarshalDecimal(f *testing.F) {
	for _, s := range []string{`"1"`, `1e-8`, `"1e999999999"`, `null`, `""`, `"abc"`, `-0.0`, `1E+2`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v struct {
			A Decimal `json:"a"`
			L Lenient `json:"l"`
			N Int     `json:"n"`
			S String  `json:"s"`
		}
		body := []byte(`{"a":` + s + `,"l":` + s + `,"n":` + s + `,"s":` + s + `}`)
		if err := Unmarshal(body, &v); err != nil {
			return
		}
		// Anything accepted must print in bounded time and space.
		require.LessOrEqual(t, len(v.A.String()), 2*MaxExponent+MaxDigits, "%s decoded to an oversized decimal", s)
		require.LessOrEqual(t, len(v.L.String()), 2*MaxExponent+MaxDigits, "%s decoded to an oversized decimal", s)
	})
}
