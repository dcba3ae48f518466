package cryptoprocessing

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// transactions/info is a GET with a signed JSON body, answered with the
// callback shape and no "data" envelope.
func TestTransactionsInfo(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "transaction_info_withdrawal.json"),
		func(r *http.Request, body []byte) {
			if r.Method != http.MethodGet || string(body) != `{"id":2769144}` {
				t.Errorf("%s %s", r.Method, body)
			}
		}))
	tx, err := c.Transactions.ByID(context.Background(), "2769144")
	if err != nil {
		t.Fatal(err)
	}
	if tx.ID != "2769144" || tx.ForeignID != "withdrawal:823188" || !tx.IsWithdrawal() || tx.Status != StatusConfirmed || len(tx.Raw) == 0 {
		t.Fatalf("tx = %+v", tx)
	}
	// Amounts sent as JSON numbers are read exactly; the documented float
	// txid is kept as written.
	if !tx.CurrencySent.Amount.Equal(decimal.RequireFromString("0.0001")) || tx.Transactions[0].TxID != "7.854431205445763e+76" ||
		tx.Transactions[0].Tag != "text" || tx.Reference() != "withdrawal:823188" || len(tx.Fees) != 2 {
		t.Fatalf("tx = %+v", tx)
	}
}

func TestTransactionsByForeignIDAndTxID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var bodies []string
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_withdrawal_confirmed.json"),
		func(_ *http.Request, body []byte) { bodies = append(bodies, string(body)) }))
	if _, err := c.Transactions.FindByReference(context.Background(), "payout-77"); err != nil {
		t.Fatal(err)
	}
	tx, err := c.Transactions.ByTxID(context.Background(), "bb04")
	if err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 2 || bodies[0] != `{"foreign_id":"payout-77"}` || bodies[1] != `{"txid":"bb04"}` {
		t.Errorf("bodies = %q", bodies)
	}
	if tx.TxID() != "bb040d895ef7141ea0b06b04227d8f5dd4ee12d5b890e6e5633f6439393a666b" || tx.Confirmations() != 1 {
		t.Errorf("tx = %+v", tx)
	}
}

func TestTransactionsInfoValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	for field, q := range map[string]*TransactionQuery{
		"id":         {},
		"foreign_id": {ID: "1", ForeignID: "x"},
		"txid":       {ForeignID: "x", TxID: "y"},
	} {
		_, err := c.Transactions.Info(context.Background(), q)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	for _, id := range []string{"abc", "-1", "0", "1e5", "99999999999999999999"} {
		if _, err := c.Transactions.ByID(context.Background(), id); !errors.Is(err, payments.ErrValidation) {
			t.Errorf("ByID(%q): err = %v", id, err)
		}
	}
	if _, err := c.Transactions.Info(context.Background(), nil); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("nil: err = %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for invalid queries", n)
	}
}

func TestTransactionsInfoNotFoundAndMalformed(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 404, `{"errors":{"id":"Transaction not found."}}`, nil))
	if _, err := c.Transactions.ByID(context.Background(), "5"); !errors.Is(err, payments.ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	for _, body := range []string{`{}`, `[]`, `null`, `{"id":1e999999}`} {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, body, nil))
		if _, err := c.Transactions.ByID(context.Background(), "5"); !errors.Is(err, payments.ErrMalformed) {
			t.Errorf("body %s: err = %v", body, err)
		}
	}
	// A wrapped answer is accepted too.
	c2, mt2 := newTestClient(t)
	mt2.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, `{"data":`+fixture(t, "callback_deposit_confirmed.json")+`}`, nil))
	if tx, err := c2.Transactions.ByID(context.Background(), "2686563"); err != nil || tx.ID != "2686563" {
		t.Errorf("wrapped: %+v, %v", tx, err)
	}
}
