package cryptochill

import (
	"context"
	"testing"
)

func TestAccountSettings(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/account/settings/", respond(t, 200, fixture(t, "account.json"), nil))
	a, err := c.Account.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "<id>" || a.Name != "Your Account (Testnet)" || !a.IsTestnet || a.URL != "https://cryptochill.com/app/your-account-testnet/" || len(a.Raw) == 0 {
		t.Fatalf("account = %+v", a)
	}
}
