package cryptochill

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountSettings(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/account/settings/", respond(t, 200, fixture(t, "account.json"), nil))
	a, err := c.Account.Settings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "<id>", a.ID)
	assert.Equal(t, "Your Account (Testnet)", a.Name)
	assert.True(t, a.IsTestnet)
	assert.Equal(t, "https://cryptochill.com/app/your-account-testnet/", a.URL)
	assert.NotEmpty(t, a.Raw)
}
