package providertest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/coinsdk/coinsdk/payments"
)

// MisuseIsAnError runs every named call and checks that none panics and each
// returns an error that is payments.ErrValidation or payments.ErrMalformed.
// The caller checks afterwards that no request went out.
func MisuseIsAnError(t testing.TB, calls map[string]func() error) {
	t.Helper()
	for name, call := range calls {
		assert.NotPanics(t, func() {
			err := call()
			if assert.Error(t, err, name) {
				assert.True(t, errors.Is(err, payments.ErrValidation) || errors.Is(err, payments.ErrMalformed),
					"%s: %v, want a validation or malformed error", name, err)
			}
		}, name)
	}
}
