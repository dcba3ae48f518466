package webhooks_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/webhooks"
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
	if err != nil {
		f.Fatal(err)
	}
	h := webhooks.NewHandler(cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{}), webhooks.NewMemoryStore(),
		func(context.Context, webhooks.Update) error { return nil })
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		r := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if sign && len(body) > 0 {
			_, header, err := cryptoprocessing.SignTestWebhook("s", body)
			if err != nil {
				t.Fatal(err)
			}
			r.Header = header
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusRequestEntityTooLarge,
			http.StatusServiceUnavailable, http.StatusInternalServerError:
		default:
			t.Fatalf("answer %d", w.Code)
		}
	})
}
