package providertest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/coinsdk/coinsdk/payments"
)

// EachFieldRefused builds valid params, breaks one field per case (keyed by
// the provider's field name the error must name), makes the call and checks
// that it fails with a *payments.ValidationError naming that field. The
// caller checks afterwards that no request went out.
func EachFieldRefused[P any](t testing.TB, valid func() *P, cases map[string]func(*P), call func(*P) error) {
	t.Helper()
	for field, mutate := range cases {
		p := valid()
		mutate(p)
		var ve *payments.ValidationError
		if assert.ErrorAs(t, call(p), &ve, field) {
			assert.Equal(t, field, ve.Field)
		}
	}
}
