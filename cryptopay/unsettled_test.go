package cryptopay

import (
	"errors"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/providertest"
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
	t.Parallel()
	k := &apicall.Call{Op: "create coin withdrawal", Method: "POST", Reference: "ref-1"}
	ferr := errors.New("lookup: 503")
	err := apicall.Unsettled(ProviderName, k, "w-9", &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.Op, Err: errors.New("timeout")}, ferr)
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "w-9", uo.ID)
	assert.Equal(t, "ref-1", uo.Reference)
	assert.Contains(t, err.Error(), "lookup: 503")

	err = apicall.Unsettled(ProviderName, k, "w-9", &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.Op, Reference: "ref-1", ID: "w-1", Err: errors.New("timeout")}, ferr)
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "w-1", uo.ID, "the id the create's error named stays")

	taken := &payments.APIError{Provider: ProviderName, StatusCode: 409, Message: "taken", Kind: payments.ErrDuplicateReference}
	err = apicall.Unsettled(ProviderName, k, "", taken, ferr)
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "ref-1", uo.Reference)
}
