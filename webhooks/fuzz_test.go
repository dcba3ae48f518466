package webhooks_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/stretchr/testify/require"
)

// FuzzHandler serves arbitrary bodies, signed and not, through the handler
// over a real verifier: nothing panics, and every answer is one a provider
// understands.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{"", "{}", "null", `{"id":1,"type":"deposit","status":"confirmed"}`,
		`{"id":1,"type":"invoice","status":"pending","transactions":[{"id":1,"amount":"0.1","confirmations":1}]}`,
		`{"id":1,"type":"mystery","status":"x"}`, `{"id":"1e999999999","type":"deposit","status":"confirmed"}`} {
		f.Add([]byte(s), true)
	}
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: "k", APISecret: "s"})
	require.NoError(f, err)
	a, err := cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{})
	require.NoError(f, err)
	h := webhooks.NewHandler(a, webhooks.NewMemoryStore(),
		func(context.Context, webhooks.Update) error { return nil })
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if sign && len(body) > 0 {
			_, header, err := cryptoprocessing.SignTestWebhook("s", body)
			require.NoError(t, err)
			r.Header = header
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		require.Contains(t, []int{http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity,
			http.StatusServiceUnavailable, http.StatusInternalServerError}, w.Code, "answer")
	})
}
