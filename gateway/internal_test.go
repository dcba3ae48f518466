package gateway

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrimKeys(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"a":1}`:                            `{"a":1}`,
		`{" custom1 ":" v "}`:                `{"custom1":" v "}`,
		`{"custom1 " : "x", " b":{" c ":2}}`: `{"custom1" : "x", "b":{"c":2}}`,
		`{"k":"a \" b "}`:                    `{"k":"a \" b "}`,
		`[" x ", {" y ":" z "}]`:             `[" x ", {"y":" z "}]`,
		`{"unterminated`:                     `{"unterminated`,
	}
	for in, want := range cases {
		assert.Equal(t, want, string(trimKeys([]byte(in))), in)
	}
	b := []byte(`{"a":1}`)
	assert.Same(t, &b[0], &trimKeys(b)[0], "no copy when nothing needs trimming")
}

func TestWithReference(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		in        CustomFields
		ref       string
		wantRef   string
		check     func(t *testing.T, out CustomFields)
		wantField string
	}{
		{"empty custom", CustomFields{}, "r1", "r1", func(t *testing.T, out CustomFields) {
			assert.Equal(t, `{"idempotence":"r1"}`, out.Custom)
		}, ""},
		{"merchant object kept", CustomFields{Custom: ` {"a": 1, "b": [1,2]} `}, "r2", "r2", func(t *testing.T, out CustomFields) {
			assert.Equal(t, `{"idempotence":"r2","a": 1, "b": [1,2]}`, out.Custom)
			var m map[string]any
			require.NoError(t, json.Unmarshal([]byte(out.Custom), &m))
			assert.Len(t, m, 3)
		}, ""},
		{"empty object", CustomFields{Custom: `{ }`}, "r3", "r3", func(t *testing.T, out CustomFields) {
			assert.Equal(t, `{"idempotence":"r3" }`, out.Custom)
		}, ""},
		{"merchant's own idempotence used", CustomFields{Custom: `{"idempotence":"theirs"}`}, "", "theirs", func(t *testing.T, out CustomFields) {
			assert.Equal(t, `{"idempotence":"theirs"}`, out.Custom)
		}, ""},
		{"plain text goes to custom9", CustomFields{Custom: "order 12", Custom1: "x"}, "r4", "r4", func(t *testing.T, out CustomFields) {
			assert.Equal(t, "order 12", out.Custom)
			assert.Equal(t, "x", out.Custom1)
			assert.Equal(t, ReferencePrefix+"r4", out.Custom9)
		}, ""},
		{"custom9 taken", CustomFields{Custom: "text", Custom9: "mine"}, "r5", "r5", func(t *testing.T, out CustomFields) {
			assert.Equal(t, "mine", out.Custom9)
			assert.Equal(t, ReferencePrefix+"r5", out.Custom8)
		}, ""},
		{"all taken", CustomFields{Custom: "t", Custom1: "1", Custom2: "2", Custom3: "3", Custom4: "4", Custom5: "5", Custom6: "6", Custom7: "7", Custom8: "8", Custom9: "9"}, "r", "", nil, "custom"},
		{"quotes escaped", CustomFields{}, `a"b\c<`, `a"b\c<`, func(t *testing.T, out CustomFields) {
			assert.True(t, json.Valid([]byte(out.Custom)))
		}, ""},
		{"conflict", CustomFields{Custom: `{"idempotence":"x"}`}, "y", "", nil, "custom"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, ref, err := withReference(tc.in, tc.ref)
			if tc.wantField != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantField)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantRef, ref)
			assert.Equal(t, tc.wantRef, out.Reference(), "read back")
			tc.check(t, out)
		})
	}
	_, ref, err := withReference(CustomFields{}, "")
	require.NoError(t, err)
	assert.Len(t, ref, 36, "a UUID when none is given")
}

// FuzzTrimKeys: trimming keys keeps valid JSON valid and never touches a
// document without stray spaces.
func FuzzTrimKeys(f *testing.F) {
	for _, s := range []string{`{" a ":1}`, `{"a":" b "}`, `[{" x":{"y ":[1," z "]}}]`, `{"\" ":1}`, `{"a\\ ":1}`, `"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := trimKeys([]byte(s))
		if want := trimKeysByteLoop([]byte(s)); string(out) != string(want) {
			t.Fatalf("trimKeys(%q) = %q, the byte-by-byte scan gives %q", s, out, want)
		}
		if json.Valid([]byte(s)) && !json.Valid(out) {
			t.Fatalf("%q became invalid: %q", s, out)
		}
	})
}

// FuzzQuoted checks quoted's escape fast path (a string holding a backslash) against encoding/json: the
// same string, and the same refusal, for any JSON string text.
func FuzzQuoted(f *testing.F) {
	for _, s := range []string{`"a"`, `"a\"b"`, `"{\n  \"k\": 1\n}"`, `"\u00e9\n"`, `"\/\b\f\r\t\\"`, `"a\"`, `"a"b"`,
		"\"\xff\\n\"", "\"\x01\\n\"", `"Платеж\n"`, `"\x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' || !bytes.Contains(b[1:len(b)-1], []byte{'\\'}) {
			return // only a string holding an escape takes the fast path
		}
		got, ok := quoted(b)
		var want string
		err := json.Unmarshal(b, &want)
		if ok != (err == nil) || (ok && got != want) {
			t.Fatalf("quoted(%q) = %q, %v; encoding/json: %q, %v", b, got, ok, want, err)
		}
	})
}

// trimKeysByteLoop is trimKeys as first written (one byte at a time): the
// reference FuzzTrimKeys holds the eight-bytes-at-a-time version to.
func trimKeysByteLoop(b []byte) []byte {
	var out []byte // nil until a key needs rewriting
	last := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		start := i
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(b) {
			break
		}
		end := j
		k := end + 1
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k < len(b) && b[k] == ':' {
			content := b[start+1 : end]
			if t := bytes.TrimSpace(content); len(t) != len(content) && !bytes.HasSuffix(t, []byte{'\\'}) {
				if out == nil {
					out = make([]byte, 0, len(b))
				}
				out = append(out, b[last:start+1]...)
				out = append(out, t...)
				last = end
			}
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// FuzzScanEnvelope holds the one-pass envelope scan to trimKeys followed by
// decjson.Members: whatever it accepts, it returns the same bytes and the
// same members.
func FuzzScanEnvelope(f *testing.F) {
	for _, s := range []string{`{"type":"notification","event":"payment.open","payment":{"payment_id":"p"," custom1 ":"x"}}`,
		`{" a ":1, "b" : [1,{" c":"\"d"}], "e":null}`, `{}`, `{"a":tru"e"}`, `{"a\\b":1}`, `{"a":{"b":1}} x`, `{"a":"b":1}`,
		`{"a":[}`, `{"a":1,}`, `{"a":"\\"}`, "{\"payment\":{\"k \":\"v\\\\\"}}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b, got, ok := scanEnvelope(body, nil)
		if !ok {
			return
		}
		want := trimKeys(body)
		if string(b) != string(want) {
			t.Fatalf("scanEnvelope(%q) = %q, trimKeys gives %q", body, b, want)
		}
		i := 0
		err := decjson.Members(want, func(key, value []byte) error {
			if i >= len(got) {
				t.Fatalf("%q: %d members, Members finds more", body, len(got))
			}
			g := got[i]
			if string(g.key) != string(key) || string(b[g.start:g.end]) != string(value) {
				t.Fatalf("%q member %d: %q=%q, Members gives %q=%q", body, i, g.key, b[g.start:g.end], key, value)
			}
			i++
			return nil
		})
		if err != nil || i != len(got) {
			t.Fatalf("scanEnvelope accepted %q with %d members; Members: %d, %v", body, len(got), i, err)
		}
	})
}

// FuzzStamp checks stamp's RFC 3339 fast path against time.Parse with the
// layouts it tries, first success wins.
func FuzzStamp(f *testing.F) {
	for _, s := range []string{"2023-06-02T14:06:25Z", "2023-06-02T14:06:25.123+03:00", "2023-06-02 14:06:25", " 2023-06-02T14:06:25Z",
		"2023-06-02", "2023-06-02T14:06:25", "2023-06-02T24:00:00Z", "2023-06-02T1:06:25Z", "2023-06-02T14:06:25,5Z", "2023-06-02t14:06:25z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal(s)
		if err != nil {
			return
		}
		var got stamp
		require.NoError(t, got.UnmarshalJSON(b))
		var want time.Time
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.DateOnly} {
			if tm, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
				want = tm
				break
			}
		}
		if !time.Time(got).Equal(want) || time.Time(got).Location().String() != want.Location().String() {
			t.Fatalf("stamp(%q) = %v, time.Parse gives %v", s, time.Time(got), want)
		}
	})
}

// A deposit into a dedicated address is a payment event naming the
// customer and the address, with no order reference; a fixed-amount
// payment on an ASSIGN dedication stays an invoice event with its
// reference; an invoice event's status and reference are the payment's.
func TestDepositEventIdentity(t *testing.T) {
	t.Parallel()
	dep := &Payment{PaymentID: "p1", DedicateID: "d1", PaymentType: PaymentTypeOpen, Status: PaymentStatusComplete,
		Address: "bc1qdeposit", IPAmount: decimal.RequireFromString("0.1"), IPAssetID: "BTC",
		CustomFields: CustomFields{Custom: `{"idempotence":"6f1c","customer":"cust-9"}`}}
	ev := toEvent(&Event{Kind: KindPayment, Payment: dep})
	assert.Equal(t, "payment", string(ev.Kind))
	assert.Equal(t, "cust-9", ev.Customer)
	assert.Equal(t, "bc1qdeposit", ev.DepositAddress)
	assert.Empty(t, ev.Reference, "the dedication's reference is no order's")
	assert.Empty(t, ev.InvoiceID)
	assert.Equal(t, "0.1", ev.Amount.Amount.String())

	// Without the customer key (a provider that does not copy custom), an
	// open-amount payment through a dedication is still a deposit.
	dep.Custom = ""
	ev = toEvent(&Event{Kind: KindPayment, Payment: dep})
	assert.Equal(t, "payment", string(ev.Kind))
	assert.Empty(t, ev.Customer)

	inv := &Payment{PaymentID: "p2", DedicateID: "d2", PaymentType: PaymentTypeFixed, Status: PaymentStatusOpen,
		IPAmount: decimal.RequireFromString("0.5"), PaymentAmount: decimal.RequireFromString("1"),
		CustomFields: CustomFields{Custom: `{"idempotence":"order-1"}`}}
	ev = toEvent(&Event{Kind: KindPayment, Payment: inv})
	assert.Equal(t, "invoice", string(ev.Kind))
	assert.Equal(t, "order-1", ev.Reference)
	assert.Equal(t, "underpaid", string(ev.Status), "the reference's invoice status, never a paid transaction")
	assert.Empty(t, ev.Customer)

	d := &DedicatedAddress{DedicateID: "d1", Status: DedicatedAddressStatusOpen, Address: "bc1qdeposit",
		CustomFields: CustomFields{Custom: `{"idempotence":"x","customer":"cust-9"}`}}
	ev = toEvent(&Event{Kind: KindDedicated, Dedicated: d})
	assert.Equal(t, "cust-9", ev.Customer)
	assert.Equal(t, "bc1qdeposit", ev.DepositAddress)
	assert.Empty(t, ev.Reference)
}

// plainURL accepts only what url.Parse accepts as an absolute http(s) URL
// with a host, so its fast path never lets through what validURL refused.
func TestPlainURLAgreesWithURLParse(t *testing.T) {
	t.Parallel()
	cases := []string{"https://shop.example/paid", "http://localhost:8080/x?y=1#z", "https://a", "https://a:1/",
		"https://a:/", "https://:80/", "https://a b/", "https://a/b c", "https://a/%zz", "https://a/%2F", "https://a/\\x",
		"https://a/é", "https://user@a/", "https://[::1]/", "ftp://a/", "https:/a", "https://a:123456/", "https://a#%",
		"HTTPS://A/", "https://a/\x7f", "https://a?%4", "https://a.-b_/"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ab.-:/?#%2Fz_@[] \\é"
	for range 20000 {
		n := rng.IntN(12)
		b := []byte("https://")
		for range n {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, string(b))
	}
	for _, s := range cases {
		if !plainURL(s) {
			continue
		}
		u, err := url.Parse(s)
		require.NoError(t, err, "%q", s)
		require.True(t, (u.Scheme == "https" || u.Scheme == "http") && u.Host != "", "%q", s)
	}
	assert.True(t, plainURL("https://shop.example/paid"))
	assert.NoError(t, validURL("f", "https://shop.example/paid?o=1"))
	assert.Error(t, validURL("f", "https://a b/"))
	assert.Error(t, validURL("f", "mailto:x@y"))
}

// objectReferenceByMap is objectReference as first written (a decode into a
// map): the reference FuzzObjectReference holds the one-walk version to.
func objectReferenceByMap(custom string) (string, bool) {
	b := bytes.TrimSpace([]byte(custom))
	if len(b) == 0 || b[0] != '{' {
		return "", false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		return "", false
	}
	raw, ok := obj[ReferenceKey]
	if !ok {
		return "", false
	}
	var ref string
	if json.Unmarshal(raw, &ref) != nil {
		return strings.TrimSpace(string(raw)), true
	}
	return ref, true
}

// FuzzObjectReference: the echo check reads the reference exactly as a
// decode into a map would, for any custom text.
func FuzzObjectReference(f *testing.F) {
	for _, s := range []string{`{"idempotence":"r"}`, `{"a":1,"idempotence":"r","idempotence":"s"}`, `{"idempotence":null}`,
		`{"idempotence":42}`, `{"idempotence":"a\"b\u00e9"}`, `{"idem\u0070otence":"x"}`, `{"idempotence":"r"`, ` {"x":{"idempotence":"n"}} `,
		`{"idempotence":"r", "b": [1, }`, `text`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, custom string) {
		wantRef, wantOK := objectReferenceByMap(custom)
		ref, ok := objectReference(custom)
		require.Equal(t, wantOK, ok, "%q", custom)
		require.Equal(t, wantRef, ref, "%q", custom)
	})
}
