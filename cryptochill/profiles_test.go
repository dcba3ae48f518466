package cryptochill

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfilesListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/profiles/", respond(t, 200, fixture(t, "profiles_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/profiles/123/", respond(t, 200, fixture(t, "profile.json"), nil))
	list, err := c.Profiles.List(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "Production", list[0].Name)
	assert.Equal(t, "Testnet", list[1].Name)
	assert.Nil(t, list[1].CallbackURL)
	p, err := c.Profiles.Get(t.Context(), "123")
	require.NoError(t, err)
	assert.Equal(t, "<id>", p.ID)
	assert.Equal(t, []ProfileCurrency{{Kind: "BTC", Network: "mainnet", WalletID: "<uuid>"}}, p.Currencies)
	assert.NotEmpty(t, p.Raw)
}
