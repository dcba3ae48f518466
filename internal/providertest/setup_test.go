package providertest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/coinsdk/coinsdk/option"
)

func TestSetupOptionsAndOverrides(t *testing.T) {
	t.Parallel()
	mt, opts := Setup(t, "https://api.example.test", option.WithMaxAttempts(1))
	assert.NotNil(t, mt)
	s := option.Apply(option.Settings{}, opts...)
	assert.Equal(t, "https://api.example.test", s.BaseURL)
	assert.Equal(t, Now, s.Clock())
	assert.Equal(t, 1, s.Retry.MaxAttempts, "extra options come last and win")
	ctx, cancel := context.WithCancel(t.Context())
	assert.NoError(t, s.Sleep(ctx, time.Hour), "no wall time is waited")
	cancel()
	assert.ErrorIs(t, s.Sleep(ctx, time.Hour), context.Canceled)
}
