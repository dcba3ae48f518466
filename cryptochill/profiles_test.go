package cryptochill

import (
	"context"
	"testing"
)

func TestProfilesListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/profiles/", respond(t, 200, fixture(t, "profiles_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/profiles/123/", respond(t, 200, fixture(t, "profile.json"), nil))
	list, err := c.Profiles.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Name != "Production" || list[1].Name != "Testnet" || list[1].CallbackURL != nil {
		t.Fatalf("profiles = %+v", list)
	}
	p, err := c.Profiles.Get(context.Background(), "123")
	if err != nil {
		t.Fatal(err)
	}
	want := ProfileCurrency{Kind: "BTC", Network: "mainnet", WalletID: "<uuid>"}
	if p.ID != "<id>" || len(p.Currencies) != 1 || p.Currencies[0] != want || len(p.Raw) == 0 {
		t.Fatalf("profile = %+v", p)
	}
}
