package cryptochill

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The payload built once per call and completed per attempt is the same
// bytes as spacing the whole payload at once (the reference algorithm).
func TestPayloadBaseMatchesWholePayload(t *testing.T) {
	t.Parallel()
	whole := func(params any, path string, nonce int64) []byte {
		obj := []byte("{}")
		if params != nil {
			b, err := json.Marshal(params)
			require.NoError(t, err)
			obj = b
		}
		reqJSON, _ := json.Marshal(path)
		tail := `"request":` + string(reqJSON) + `,"nonce":"` + strconv.FormatInt(nonce, 10) + `"}`
		out := append([]byte(nil), obj[:len(obj)-1]...)
		if len(obj) > 2 {
			out = append(out, ',')
		}
		return pythonSpacing(append(out, tail...))
	}
	for _, params := range []any{
		nil,
		map[string]string{},
		map[string]string{"p": "2", "status": "new"},
		map[string]any{"note": `a "quoted", colon: and \ backslash`, "n": 1.5, "list": []string{"x,y", "z:w"}},
		&InvoiceParams{ProfileID: "p", Currency: "USD", Passthrough: `{"user_id": 123}`},
	} {
		for _, path := range []string{"/v1/invoices/", `/v1/payouts/a b"c/`} {
			base, err := payloadBase(params, path)
			require.NoError(t, err)
			for _, nonce := range []int64{0, 1700000000001, 9223372036854775807} {
				got := withNonce(base, nonce)
				assert.Equal(t, string(whole(params, path, nonce)), string(got), "%v %s %d", params, path, nonce)
				p, err := Payload(params, path, nonce)
				require.NoError(t, err)
				assert.Equal(t, string(got), string(p))
			}
		}
	}
	_, err := payloadBase([]int{1}, "/v1/x/")
	assert.Error(t, err, "a payload that is not an object")
}
