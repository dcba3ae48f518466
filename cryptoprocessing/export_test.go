package cryptoprocessing

import (
	"context"
	"time"
)

// withNoSleep makes retries wait no wall time, so retry tests are fast.
func withNoSleep() Option {
	return func(o *options) {
		o.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
}
