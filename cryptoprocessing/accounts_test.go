package cryptoprocessing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountsList(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/accounts/list", 200, fixture(t, "accounts_list.json"), wantBody(t, `{}`))
	accounts, err := c.Accounts.List(t.Context())
	require.NoError(t, err)
	require.Len(t, accounts, 3)
	a := accounts[1]
	assert.Equal(t, "EUR", a.Currency)
	assert.Equal(t, "fiat", a.Type)
	assert.Equal(t, "4210.5", a.Balance.String())
	assert.NotEmpty(t, a.Raw)
	assert.True(t, accounts[2].Balance.IsZero(), "numeric zero balance = %s", accounts[2].Balance)
}
