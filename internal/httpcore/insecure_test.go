package httpcore

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

func TestPlainHTTPOnlyOnLoopbackOrOptIn(t *testing.T) {
	for _, base := range []string{"http://api.example.com", "http://10.0.0.1:8080/api", "http://[2001:db8::1]/", "http://localhost.example.com"} {
		_, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: base}})
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, base)
		assert.Equal(t, "BaseURL", ve.Field)
		_, err = New(Config{Provider: "test", Settings: option.Settings{BaseURL: base, AllowInsecureHTTP: true}})
		assert.NoError(t, err, base+" with WithInsecureHTTP")
	}
	for _, base := range []string{"http://127.0.0.1:1234", "http://127.1.2.3/x", "http://[::1]:80/", "http://localhost:8080", "http://LOCALHOST", "http://api.localhost", "https://api.example.com"} {
		_, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: base}})
		assert.NoError(t, err, base)
	}
	s := option.Apply(option.Settings{BaseURL: "http://api.example.com"}, option.WithInsecureHTTP())
	_, err := New(Config{Provider: "test", Settings: s})
	assert.NoError(t, err)
}
