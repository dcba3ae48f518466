package cryptoprocessing

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"
)

func TestAccountsList(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/accounts/list", respond(t, 200, fixture(t, "accounts_list.json"), wantBody(t, `{}`)))
	accounts, err := c.Accounts.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 3 {
		t.Fatalf("accounts = %+v", accounts)
	}
	if a := accounts[1]; a.Currency != "EUR" || a.Type != "fiat" || !a.Balance.Equal(decimal.RequireFromString("4210.5")) || len(a.Raw) == 0 {
		t.Errorf("EUR = %+v", a)
	}
	if !accounts[2].Balance.IsZero() {
		t.Errorf("numeric zero balance = %s", accounts[2].Balance)
	}
}
