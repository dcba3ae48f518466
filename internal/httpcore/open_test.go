package httpcore

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// TestOpenDefaults: without options the provider's base URL and the
// "coinsdk-go/<provider>" User-Agent are used, and the Client sends them.
func TestOpenDefaults(t *testing.T) {
	t.Parallel()
	var ua string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		_, _ = w.Write([]byte(`{}`))
	})
	s, c, err := Open(Config{Provider: "prov"}, srv.URL, nil)
	require.NoError(t, err)
	require.NotNil(t, c)
	assert.Equal(t, srv.URL, s.BaseURL)
	assert.Equal(t, "coinsdk-go/prov", s.UserAgent)
	assert.Equal(t, srv.URL, c.BaseURL())
	assert.Equal(t, "httpcore.Client{prov "+srv.URL+"}", c.String(), "the Client carries cfg's Provider")

	// The returned settings are what the options said, not the Client's own
	// defaults: the provider fills in what it keeps.
	assert.Nil(t, s.Clock)
	assert.Nil(t, s.NonceSource)
	assert.Zero(t, s.WebhookBodyLimit)
	assert.Nil(t, s.HTTPClient)

	_, err = c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"})
	require.NoError(t, err)
	assert.Equal(t, "coinsdk-go/prov", ua)
}

// TestOpenOptionsOverDefaults: options replace the defaults, nil options are
// skipped, and what the provider keeps comes back in the settings.
func TestOpenOptionsOverDefaults(t *testing.T) {
	t.Parallel()
	var ua string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		_, _ = w.Write([]byte(`{}`))
	})
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s, c, err := Open(Config{Provider: "prov"}, "https://api.example.com", []option.Option{
		option.WithBaseURL(srv.URL + "/v2/"),
		nil,
		option.WithUserAgent("merchant/1.0"),
		option.WithClock(func() time.Time { return at }),
		option.WithWebhookBodyLimit(4096),
		option.WithNonceSource(func() int64 { return 7 }),
		option.WithMaxAttempts(1),
	})
	require.NoError(t, err)
	assert.Equal(t, srv.URL+"/v2/", s.BaseURL)
	assert.Equal(t, srv.URL+"/v2", c.BaseURL(), "the Client trims the trailing slash")
	assert.Equal(t, "merchant/1.0", s.UserAgent)
	require.NotNil(t, s.Clock)
	assert.Equal(t, at, s.Clock())
	assert.Equal(t, int64(4096), s.WebhookBodyLimit)
	require.NotNil(t, s.NonceSource)
	assert.Equal(t, int64(7), s.NonceSource())
	assert.Equal(t, 1, s.Retry.MaxAttempts)

	_, err = c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"})
	require.NoError(t, err)
	assert.Equal(t, "merchant/1.0", ua)
}

// TestOpenKeepsRefusedAndDecodeError: cfg's hooks reach the Client.
func TestOpenKeepsRefusedAndDecodeError(t *testing.T) {
	t.Parallel()
	srv := testServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write([]byte(`{"code":"brew"}`))
	})
	cfg := Config{Provider: "prov",
		Refused: func(*payments.APIError) bool { return false },
		DecodeError: func(status int, _ http.Header, _ []byte) *payments.APIError {
			return &payments.APIError{Code: "decoded-" + http.StatusText(status)}
		}}
	_, c, err := Open(cfg, srv.URL, nil)
	require.NoError(t, err)
	assert.NotNil(t, c.gate, "a Refused hook gives the Client its order gate")
	_, err = c.Do(t.Context(), &Request{Method: http.MethodGet, Path: "/x"})
	var ae *payments.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "decoded-I'm a teapot", ae.Code)
	assert.Equal(t, "prov", ae.Provider)

	_, c, err = Open(Config{Provider: "prov"}, srv.URL, nil)
	require.NoError(t, err)
	assert.Nil(t, c.gate, "no Refused hook, no gate")
}

// TestOpenRefusals: an unusable base URL is a *payments.ValidationError on
// BaseURL and no Client; the settings still come back (gateway's New reads
// the base URL from them to say which one it needs).
func TestOpenRefusals(t *testing.T) {
	t.Parallel()
	for name, c := range map[string]struct {
		base string
		opts []option.Option
	}{
		"no default, no option":   {"", nil},
		"relative":                {"api.example.com/v1", nil},
		"not http":                {"ftp://api.example.com", nil},
		"no host":                 {"https://", nil},
		"unparsable":              {"https://exa mple.com/%zz", nil},
		"option blanks it":        {"https://api.example.com", []option.Option{option.WithBaseURL("")}},
		"plain http off loopback": {"http://api.example.com", nil},
		"option to plain http":    {"https://api.example.com", []option.Option{option.WithBaseURL("http://10.0.0.1:8080")}},
	} {
		s, hc, err := Open(Config{Provider: "prov"}, c.base, c.opts)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "BaseURL", ve.Field, name)
		assert.Nil(t, hc, name)
		assert.Equal(t, "coinsdk-go/prov", s.UserAgent, "%s: the settings come back with the error", name)
		want := c.base
		if len(c.opts) > 0 {
			want = option.Apply(option.Settings{}, c.opts...).BaseURL
		}
		assert.Equal(t, want, s.BaseURL, name)
	}

	_, hc, err := Open(Config{Provider: "prov"}, "http://api.example.com", []option.Option{option.WithInsecureHTTP()})
	require.NoError(t, err, "plain http off loopback with the opt-in")
	assert.Equal(t, "http://api.example.com", hc.BaseURL())
	_, _, err = Open(Config{Provider: "prov"}, "http://127.0.0.1:9", nil)
	require.NoError(t, err, "plain http on loopback")
}
