package httpcore

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// TestIDEscapedOnce: an id holding a space, a slash and a percent sign,
// escaped once by the caller with url.PathEscape, arrives escaped once: the
// server decodes it back to the id, in one path segment.
func TestIDEscapedOnce(t *testing.T) {
	var gotURI, gotPath string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		gotURI, gotPath = r.RequestURI, r.URL.Path
		_, _ = w.Write([]byte(`{}`))
	})
	for _, base := range []string{srv.URL, srv.URL + "/api/v2/", srv.URL + "/my%2Fapi"} {
		c, _ := newClient(t, base)
		id := "a b/c%d"
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/v1/invoices/" + url.PathEscape(id) + "/",
			Query: url.Values{"q": {"x y"}}})
		require.NoError(t, err)
		bu, _ := url.Parse(base)
		prefix := bu.EscapedPath()
		if len(prefix) > 0 && prefix[len(prefix)-1] == '/' {
			prefix = prefix[:len(prefix)-1]
		}
		assert.Equal(t, prefix+"/v1/invoices/a%20b%2Fc%25d/?q=x+y", gotURI, base)
		decodedPrefix, _ := url.PathUnescape(prefix)
		assert.Equal(t, decodedPrefix+"/v1/invoices/a b/c%d/", gotPath, base)
	}
}

func TestBadlyEscapedPathIsValidation(t *testing.T) {
	srv, n, _ := server(t, [2]any{200, `{}`})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/v1/x/%zz/"})
	require.ErrorIs(t, err, payments.ErrValidation)
	assert.Equal(t, int32(0), n.Load())
}

func TestPathSegment(t *testing.T) {
	got, err := PathSegment("id", "a b/c%d?e#f")
	require.NoError(t, err)
	assert.Equal(t, "a%20b%2Fc%25d%3Fe%23f", got)
	for _, bad := range []string{"", " ", ".", "..", "../payouts", "a/../b", `..\payouts`, "a/.", "./a"} {
		_, err := PathSegment("id", bad)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, bad)
		assert.Equal(t, "id", ve.Field)
	}
	for _, ok := range []string{"a.b", "...", "a..b", "42dbee1d-8659-44c3-aab2-6e414c5825a5"} {
		_, err := PathSegment("id", ok)
		assert.NoError(t, err, ok)
	}
}
