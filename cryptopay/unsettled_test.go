package cryptopay

import (
	"errors"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnsettledKeepsWhatIsKnown: an unknown outcome whose settling lookup
// failed carries the reference and the provider's id the create's answer
// named, whatever the create's own error left empty; never
// ErrDuplicateReference, also when the create's error was "taken".
func TestUnsettledKeepsWhatIsKnown(t *testing.T) {
	k := call{op: "create coin withdrawal", ref: "ref-1"}
	ferr := errors.New("lookup: 503")
	err := unsettled(&payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Err: errors.New("timeout")}, ferr, k, "w-9")
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "w-9", uo.ID)
	assert.Equal(t, "ref-1", uo.Reference)
	assert.Contains(t, err.Error(), "lookup: 503")

	err = unsettled(&payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Reference: "ref-1", ID: "w-1", Err: errors.New("timeout")}, ferr, k, "w-9")
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "w-1", uo.ID, "the id the create's error named stays")

	taken := &payments.APIError{Provider: ProviderName, StatusCode: 409, Message: "taken", Kind: payments.ErrDuplicateReference}
	err = unsettled(taken, ferr, k, "")
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "ref-1", uo.Reference)
}
