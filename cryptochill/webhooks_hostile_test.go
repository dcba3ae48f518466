package cryptochill

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// The signed callback_id is read with exact case, and a key given twice
// counts once, at its last occurrence, for the signature check and the
// Event alike: what is verified is what is parsed. "Callback_ID" (another
// case) is not callback_id, and neither is it read anywhere else.
func TestCallbackDuplicateAndCaseKeys(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(vectorToken)
	obj := `"invoice":{"id":"42dbee1d-8659-44c3-aab2-6e414c5825a5","status":"complete"}`
	genuine := `"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":"` + vectorSignature + `"`

	for name, body := range map[string]string{
		"later id":        `{` + genuine + `,"callback_id":"zzz",` + obj + `}`,
		"later signature": `{` + genuine + `,"signature":"` + signCallback("other", "a1b2c3") + `",` + obj + `}`,
	} {
		_, err := v.ParseBody([]byte(body), nil)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, name)
	}
	for name, body := range map[string]string{
		"earlier id":     `{"callback_id":"zzz",` + genuine + `,` + obj + `}`,
		"other-case id":  `{` + genuine + `,"Callback_ID":"zzz","CALLBACK_ID":"yyy",` + obj + `}`,
		"other-case sig": `{` + genuine + `,"Signature":"00",` + obj + `}`,
		"earlier status": `{"callback_status":"payout_complete",` + genuine + `,` + obj + `}`,
	} {
		ev, err := v.ParseBody([]byte(body), nil)
		require.NoError(t, err, name)
		assert.Equal(t, "a1b2c3", ev.ID, name)
		assert.Equal(t, KindInvoice, ev.Kind, name)
		assert.False(t, ev.BodyAuthenticated, name)
		assert.Empty(t, ev.DedupeKey(), name)
	}
	// A swapped object under a genuine signature: parsed, never authenticated.
	ev, err := v.ParseBody([]byte(`{`+genuine+`,`+strings.Replace(obj, "complete", "refunded", 1)+`}`), nil)
	require.NoError(t, err)
	assert.False(t, ev.BodyAuthenticated)
	assert.Empty(t, ev.DedupeKey(), "a swapped body cannot use up the genuine callback's key")
}

// A body that is not JSON is refused even when the members the parser reads
// are well formed and the callback_id is genuinely signed: a skipped member
// (unknown, an unused object, an earlier duplicate) that is not JSON makes
// the whole body malformed, as encoding/json would say, so no Event carries
// a Raw that cannot be re-encoded or stored as JSON.
func TestCallbackNotJSONInSkippedMembers(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(vectorToken)
	genuine := `"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":"` + vectorSignature + `"`
	obj := `"invoice":{"id":"i","status":"complete"}`
	for name, body := range map[string]string{
		"unknown member":     `{` + genuine + `,"x":[},` + obj + `}`,
		"bad literal":        `{` + genuine + `,"x":tru,` + obj + `}`,
		"bad number":         `{` + genuine + `,"x":1.2.3,` + obj + `}`,
		"unused object":      `{` + genuine + `,` + obj + `,"payout":{"a":[}}`,
		"unused result":      `{` + genuine + `,` + obj + `,"result":[1,}`,
		"earlier duplicate":  `{` + genuine + `,"invoice":{"a":]},` + obj + `}`,
		"earlier signature":  `{"signature":[},` + genuine + `,` + obj + `}`,
		"other kind":         `{"callback_id":"a1b2c3","callback_status":"something_new","signature":"` + vectorSignature + `","invoice":{]}`,
		"other kind unknown": `{"callback_id":"a1b2c3","callback_status":"something_new","signature":"` + vectorSignature + `","x":{]}`,
	} {
		require.False(t, json.Valid([]byte(body)), name)
		ev, err := v.ParseBody([]byte(body), nil)
		assert.ErrorIs(t, err, payments.ErrMalformed, name)
		assert.Nil(t, ev, name)
	}
	// Well-formed unknown members and spare objects still parse.
	ev, err := v.ParseBody([]byte(`{`+genuine+`,"x":[1,{"y":null}],`+obj+`,"payout":{"id":"p"}}`), nil)
	require.NoError(t, err)
	_, err = json.Marshal(ev)
	assert.NoError(t, err)
}
