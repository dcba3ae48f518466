package providertest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/coinsdk/coinsdk/option"
)

// Now is the fixed clock of every test client built with Setup.
var Now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// NoSleep makes retries wait no wall time (a cancelled context still ends
// the wait: that is what the retry tests check).
func NoSleep() option.Option {
	return option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
}

// Setup is the one way a provider's tests build a client over a mock
// transport: it returns a per-test httpmock transport and the options to
// build the client with (base URL, the transport, the fixed clock Now,
// retries that do not sleep), followed by extra, which may override them.
//
//	mt, opts := providertest.Setup(t, testBase, extra...)
//	c, err := New(Config{…}, opts...)
func Setup(t testing.TB, base string, extra ...option.Option) (*httpmock.MockTransport, []option.Option) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	opts := []option.Option{
		option.WithBaseURL(base),
		option.WithHTTPClient(&http.Client{Transport: mt}),
		option.WithClock(func() time.Time { return Now }),
		NoSleep(),
	}
	return mt, append(opts, extra...)
}
