package cryptochill

import (
	"context"
	"time"

	"github.com/coinsdk/coinsdk/option"
)

// withNoSleep makes retries wait no wall time, so retry tests are fast.
func withNoSleep() option.Option {
	return option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() })
}
