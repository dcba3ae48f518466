package providertest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// UnknownOutcome requires err to be an unknown outcome (errors.Is
// payments.ErrUnknownOutcome, carried by a *payments.UnknownOutcomeError)
// and returns that error, for the caller to check the reference and the
// provider's id it names.
func UnknownOutcome(t testing.TB, err error, msgAndArgs ...any) *payments.UnknownOutcomeError {
	t.Helper()
	require.ErrorIs(t, err, payments.ErrUnknownOutcome, msgAndArgs...)
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo, msgAndArgs...)
	return uo
}
