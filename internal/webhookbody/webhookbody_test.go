package webhookbody

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

func TestRead(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"a":1}`))
	if b, err := Read(r, "p", 0); err != nil || string(b) != `{"a":1}` {
		t.Fatalf("%q %v", b, err)
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11)))
	if _, err := Read(r, "p", 10); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("declared oversize: %v", err)
	}
	// A body that lies about its length (chunked) is still cut at the cap.
	r = httptest.NewRequest("POST", "/", io.MultiReader(strings.NewReader(strings.Repeat("x", 11))))
	r.ContentLength = -1
	if _, err := Read(r, "p", 10); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("streamed oversize: %v", err)
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader(""))
	if _, err := Read(r, "p", 10); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("empty: %v", err)
	}
	if _, err := Read(nil, "p", 10); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("nil: %v", err)
	}
}
