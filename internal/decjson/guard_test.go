package decjson

import (
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type guarded struct {
	D Decimal    `json:"d"`
	N Number     `json:"n"`
	L Lenient    `json:"l"`
	M DecimalMap `json:"m"`
	S String     `json:"s"`
	R string     `json:"r"`
}

func TestGuardedTypesDecodeExactly(t *testing.T) {
	for in, want := range exactDecimals {
		var v guarded
		body := `{"d":` + in + `,"n":` + in + `,"l":` + in + `,"m":{"USD":` + in + `}}`
		require.NoError(t, json.Unmarshal([]byte(body), &v), in)
		assert.Equal(t, want, v.D.String(), "Decimal %s", in)
		assert.Equal(t, want, v.N.String(), "Number %s", in)
		assert.Equal(t, want, v.L.String(), "Lenient %s", in)
		assert.Equal(t, want, v.M["USD"].String(), "DecimalMap %s", in)
		out, err := json.Marshal(Number{v.D.Decimal})
		require.NoError(t, err)
		assert.Equal(t, want, string(out), "Number encodes %s", in)
	}
}

func TestGuardRefusesHostileNumbersWhereDecoded(t *testing.T) {
	million := strings.Repeat("9", 1_000_000)
	for name, in := range map[string]string{
		"huge exponent":            `1e999999999`,
		"huge exponent string":     `"1e999999999"`,
		"huge negative exponent":   `"1E-2147483648"`,
		"just past the exponent":   `1e101`,
		"reference-like in amount": `"12e45678"`,
		"long number":              `1` + strings.Repeat("0", 300),
		"million digits":           million,
		"million digits string":    `"` + million + `"`,
		"million digit exponent":   `"1e` + million + `"`,
	} {
		for _, field := range []string{"d", "n", "l", "m"} {
			val := in
			if field == "m" {
				val = `{"BTC":` + in + `}`
			}
			// Refused before any parsing: the cost is bounded in memory
			// (a measure that does not depend on the machine's load, unlike
			// a timing bound), not only in outcome.
			doc := []byte(`{"` + field + `":` + val + `}`)
			var err error
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			var v guarded
			err = json.Unmarshal(doc, &v)
			runtime.ReadMemStats(&after)
			require.Error(t, err, "%s in %s", name, field)
			assert.ErrorIs(t, err, ErrHostileNumber, "%s in %s", name, field)
			assert.Less(t, len(err.Error()), 400, "the error does not echo the number")
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(8<<20), "%s in %s allocated too much", name, field)
		}
	}
	// At the bounds: accepted.
	var v guarded
	require.NoError(t, json.Unmarshal([]byte(`{"d":1e100,"n":"1e-100","l":"`+strings.Repeat("1", MaxDigits)+`"}`), &v))
}

func TestStringsAreNotNumbers(t *testing.T) {
	// A reference, customer id, address or UUID made only of digits and "e"
	// is a string: nothing guards it.
	for _, s := range []string{"12e45678", "1234e567-0000-4000-8000-000000000000", "1e999999999", "0e0", "9E+99999"} {
		var v guarded
		body := `{"s":"` + s + `","r":"` + s + `"}`
		require.NoError(t, json.Unmarshal([]byte(body), &v), s)
		assert.Equal(t, s, string(v.S))
		assert.Equal(t, s, v.R)
		// The legacy path (a BodyDecoder) never scans it either.
		var bd bodyDecoderFunc = func([]byte) error { return nil }
		require.NoError(t, Unmarshal([]byte(body), &bd))
	}
	// A bare number taken as a string is still capped.
	var v guarded
	require.ErrorIs(t, json.Unmarshal([]byte(`{"s":`+strings.Repeat("1", MaxDigits+1)+`}`), &v), ErrHostileNumber)
}

type bodyDecoderFunc func([]byte) error

func (f *bodyDecoderFunc) DecodeBody(b []byte) error { return (*f)(b) }

func TestUnmarshalHandsTheBodyToABodyDecoder(t *testing.T) {
	body := []byte(`{"a":"1e999999999"}`)
	var got []byte
	var bd bodyDecoderFunc = func(b []byte) error { got = b; return nil }
	require.NoError(t, Unmarshal(body, &bd))
	assert.Same(t, &body[0], &got[0], "the body itself, not a copy")
}

func TestNullAndEmpty(t *testing.T) {
	var v guarded
	v.D.Decimal = decimal.NewFromInt(7)
	require.NoError(t, json.Unmarshal([]byte(`{"d":null,"l":"","m":null}`), &v))
	assert.Equal(t, "7", v.D.String(), "null leaves a Decimal as it is, like decimal.Decimal")
	assert.True(t, v.L.IsZero())
	assert.Nil(t, v.M)
	for _, in := range []string{`""`, `"abc"`, `"1\u0030"`, `true`, `{}`} {
		var d Decimal
		assert.Error(t, json.Unmarshal([]byte(in), &d), in)
	}
	var l Lenient
	require.NoError(t, json.Unmarshal([]byte(`"1\u0030"`), &l), "Lenient unescapes")
	assert.Equal(t, "10", l.String())
}

func TestMembersAndElements(t *testing.T) {
	body := []byte(" {\"pagination\" : {\"page\":1} ,\"res\\u0075lt\":[ {\"id\":\"a\\\"}\"} , 2,\"x\" ,[1,{}]],\"e\":{}} \n")
	var keys []string
	var result []byte
	require.NoError(t, Members(body, func(key, value []byte) error {
		keys = append(keys, string(key))
		if string(key) == "result" {
			result = value
		}
		return nil
	}))
	assert.Equal(t, []string{"pagination", "result", "e"}, keys)
	var elems []string
	require.NoError(t, Elements(result, func(e []byte) error { elems = append(elems, string(e)); return nil }))
	assert.Equal(t, []string{`{"id":"a\"}"}`, `2`, `"x"`, `[1,{}]`}, elems)

	require.NoError(t, Members([]byte(`{}`), func(_, _ []byte) error { require.FailNow(t, "no member"); return nil }))
	require.NoError(t, Elements([]byte(` [ ] `), func([]byte) error { require.FailNow(t, "no element"); return nil }))
	for _, bad := range []string{``, `[]`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1} x`, `{"a":"x}`, `{"a":{"b":1}`, `{a:1}`, `{"a":1 "b":2}`} {
		err := Members([]byte(bad), func(_, _ []byte) error { return nil })
		assert.ErrorIs(t, err, ErrSyntax, "%q", bad)
	}
	for _, bad := range []string{`{}`, `[1,]`, `[1 2]`, `[`, `[1]]`} {
		assert.ErrorIs(t, Elements([]byte(bad), func([]byte) error { return nil }), ErrSyntax, "%q", bad)
	}
	stop := errors.New("stop")
	assert.ErrorIs(t, Members([]byte(`{"a":1}`), func(_, _ []byte) error { return stop }), stop)
}

func TestStr(t *testing.T) {
	for in, want := range map[string]string{`"abc"`: "abc", `"a\"b"`: `a"b`, `"é"`: "é", `""`: ""} {
		got, err := Str([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, in := range []string{`1`, `null`, `{}`, `"abc`} {
		_, err := Str([]byte(in))
		assert.Error(t, err, in)
	}
}

// FuzzDecimalFields decodes any value into every guarded decimal field
// shape: whatever is accepted prints in bounded space and equals what
// decimal.Decimal reads from the same text.
func FuzzDecimalFields(f *testing.F) {
	for _, s := range []string{`"1"`, `1e-8`, `"1e999999999"`, `null`, `""`, `"abc"`, `-0.0`, `1E+2`,
		`3.708847905797581e-05`, `"12e45678"`, `{"USD":"1"}`, `"1\u0030"`, `" 2 "`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, field := range []string{"d", "n", "l", "m"} {
			var v guarded
			if err := json.Unmarshal([]byte(`{"`+field+`":`+s+`}`), &v); err != nil {
				continue
			}
			for _, d := range []decimal.Decimal{v.D.Decimal, v.N.Decimal, v.L.Decimal} {
				n := len(d.String())
				require.LessOrEqual(t, n, 2*MaxExponent+2*MaxDigits, "%s decoded to a %d-character decimal", s, n)
			}
			for _, d := range v.M {
				n := len(d.String())
				require.LessOrEqual(t, n, 2*MaxExponent+2*MaxDigits, "%s decoded to a %d-character decimal", s, n)
			}
			if field == "d" {
				var plain struct {
					D decimal.Decimal `json:"d"`
				}
				plainErr := json.Unmarshal([]byte(`{"d":`+s+`}`), &plain)
				require.True(t, plainErr != nil || plain.D.Equal(v.D.Decimal), "%s: guarded %s, plain %s", s, v.D, plain.D)
			}
		}
	})
}

func TestMembersSplit(t *testing.T) {
	body := []byte(`{"result":[1,{"a":[2]}],"pagination":{"page":1},"result":[ "x" , 3 ]}`)
	var spans [][]byte
	var got []string
	require.NoError(t, MembersSplit(body, "result", func(e []byte) error { spans = append(spans, e); return nil },
		func(key, value []byte) error {
			if string(key) == "result" {
				for _, s := range spans {
					got = append(got, string(s))
				}
				got = append(got, "|")
				spans = nil
			}
			return nil
		}))
	assert.Equal(t, []string{"1", `{"a":[2]}`, "|", `"x"`, "3", "|"}, got, "each array's elements, before the member itself")
	assert.ErrorIs(t, MembersSplit([]byte(`{"result":[1,]}`), "result", func([]byte) error { return nil },
		func(_, _ []byte) error { return nil }), ErrSyntax)
}

// FuzzMembers checks the span scanner against encoding/json: on a valid
// JSON object, Members finds every member and each value is valid JSON equal
// to what encoding/json reads for that key (the last one, for a repeated key);
// Elements does the same for arrays. On anything else it must not panic.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1}`, `{"a":"x\"}","b":[1,{"c":null}]}`, ` {"a" : [ ] , "a":{"k":"\\"}} `,
		`[1,"2",{"3":[4]}]`, `{"result":[{"id":"a"},{"id":"b"}],"pagination":{"page":1}}`, `{"a":1`, `[`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		data := []byte(s)
		valid := json.Valid(data)
		got := map[string]string{}
		errM := Members(data, func(key, value []byte) error {
			require.True(t, !valid || json.Valid(value), "%q: member %q has invalid value %q", s, key, value)
			got[jsonKey(key)] = string(value)
			return nil
		})
		var elems []string
		errE := Elements(data, func(e []byte) error {
			require.True(t, !valid || json.Valid(e), "%q: invalid element %q", s, e)
			elems = append(elems, string(e))
			return nil
		})
		if !valid {
			return // the values are checked by whatever decodes them
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(data, &obj) == nil && obj != nil {
			require.NoError(t, errM, s)
			require.Len(t, got, len(obj), s)
			for k, v := range obj {
				require.Equal(t, string(v), got[k], "%q: member %q", s, k)
			}
		}
		var arr []json.RawMessage
		if json.Unmarshal(data, &arr) == nil && arr != nil {
			require.NoError(t, errE, s)
			require.Len(t, elems, len(arr), s)
			for i := range arr {
				require.Equal(t, string(arr[i]), elems[i], s)
			}
		}
	})
}

// jsonKey is key as encoding/json reads it: each byte of invalid UTF-8
// becomes U+FFFD (Members hands keys over as they are).
func jsonKey(key []byte) string {
	var b strings.Builder
	for len(key) > 0 {
		r, n := utf8.DecodeRune(key)
		b.WriteRune(r)
		key = key[n:]
	}
	return b.String()
}
