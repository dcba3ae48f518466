package providertest

import (
	"testing"

	"github.com/stretchr/testify/assert"
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

// OwnUnknownOutcome requires err to be an unknown outcome (UnknownOutcome)
// of the caller's own request: it carries the reference ref and never
// matches payments.ErrDuplicateReference, which would invite paying again
// under a new reference (so payments.OneMeaning holds too). It returns the
// error, for the caller to check the provider's id it names.
func OwnUnknownOutcome(t testing.TB, err error, ref string, msgAndArgs ...any) *payments.UnknownOutcomeError {
	t.Helper()
	uo := UnknownOutcome(t, err, msgAndArgs...)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference, "the caller's own request reported as someone else's")
	assert.Equal(t, ref, uo.Reference, msgAndArgs...)
	return uo
}
