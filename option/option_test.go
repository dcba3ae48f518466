package option_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/coinsdk/coinsdk/option"
)

func TestApplyKeepsDefaultsAndSkipsNil(t *testing.T) {
	hc := &http.Client{}
	s := option.Apply(option.Settings{BaseURL: "https://default", UserAgent: "ua"},
		nil,
		option.WithHTTPClient(hc),
		option.WithMaxAttempts(1),
		option.WithRetryPolicy(option.RetryPolicy{BaseDelay: time.Second, MaxAttempts: 2}),
		option.WithInsecureHTTP())
	assert.Equal(t, "https://default", s.BaseURL)
	assert.Equal(t, "ua", s.UserAgent)
	assert.Same(t, hc, s.HTTPClient)
	assert.Equal(t, 2, s.Retry.MaxAttempts, "a later option wins")
	assert.Equal(t, time.Second, s.Retry.BaseDelay)
	assert.True(t, s.AllowInsecureHTTP)
}

func ExampleWithBaseURL() {
	s := option.Apply(option.Settings{}, option.WithBaseURL("https://sandbox.example"))
	_ = s.BaseURL
	// Output:
}
