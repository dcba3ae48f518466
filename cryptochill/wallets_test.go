package cryptochill

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

func TestWalletsList(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/wallets/", respond(t, 200, fixture(t, "wallets_list.json"),
		func(r *http.Request, p map[string]any) {
			if r.URL.Query().Get("profile_id") != "prof" || p["profile_id"] != "prof" {
				t.Errorf("profile_id: query %q payload %v", r.URL.Query().Get("profile_id"), p["profile_id"])
			}
		}))
	ws, err := c.Wallets.List(context.Background(), &WalletListParams{ProfileID: "prof"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 2 || ws[0].Balances.Currency != "BTC" || !ws[0].Balances.ToConsolidate.IsZero() ||
		len(ws[1].TokenBalances) != 1 || ws[1].TokenBalances[0].Currency != "USDT" {
		t.Fatalf("wallets = %+v", ws)
	}
}

func TestWalletsGetBareAndWrapped(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	bare := fixture(t, "wallet.json")
	mt.RegisterResponder("GET", testBase+"/v1/wallets/bare/", respond(t, 200, bare, nil))
	mt.RegisterResponder("GET", testBase+"/v1/wallets/wrapped/", respond(t, 200, `{"result":`+bare+`}`, nil))
	mt.RegisterResponder("GET", testBase+"/v1/wallets/balance/", respond(t, 200,
		`{"result":{"id":"w","name":"Bitcoin","balances":{"available":"1.23456789","pending":"0.5","to_consolidate":"0","currency":"BTC"}}}`, nil))
	for _, id := range []string{"bare", "wrapped"} {
		w, err := c.Wallets.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if w.ID != "<id>" || w.Name != "Ethereum" || w.Balances.Currency != "ETH" || len(w.TokenBalances) != 1 || len(w.Raw) == 0 {
			t.Errorf("%s: wallet = %+v", id, w)
		}
	}
	w, err := c.Wallets.Get(context.Background(), "balance")
	if err != nil {
		t.Fatal(err)
	}
	if w.Balances.Available.String() != "1.23456789" || w.Balances.Pending.String() != "0.5" {
		t.Errorf("balances = %+v", w.Balances)
	}
	mt.RegisterResponder("GET", testBase+"/v1/wallets/broken/", respond(t, 200, `[1,2]`, nil))
	if _, err := c.Wallets.Get(context.Background(), "broken"); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("array body: %v", err)
	}
}
