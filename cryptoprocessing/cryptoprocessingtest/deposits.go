package cryptoprocessingtest

import "github.com/shopspring/decimal"

// Deposit callback details.
const (
	depositConfirmations = 3 // confirmations reported once a deposit is confirmed
	reasonBelowMinimum   = "Amount is less than the minimum deposit amount"
)

// deposit is a payment from a customer to an address from addresses/take.
type deposit struct {
	id            int64
	addr          *address
	amount        decimal.Decimal // sent, in addr.cur
	recvCur       *currencyInfo   // addr.conv, else addr.cur
	received      decimal.Decimal // in recvCur, before the fee
	fee           decimal.Decimal // in recvCur
	innerID       int64
	exchID        int64 // the exchange entry of a deposit_exchange
	txid          string
	confirmations int
	status        string
	errMsg        string
}

func (d *deposit) recordID() int64          { return d.id }
func (d *deposit) rootForeignID() string    { return "" } // the customer's foreign_id lives in crypto_address
func (d *deposit) hasTxid(txid string) bool { return d.txid == txid }

func (d *deposit) kind() string {
	if d.addr.conv != nil {
		return "deposit_exchange"
	}
	return "deposit"
}

// riskscores are reported for the currencies the provider screens.
var riskscores = map[string]string{"BTC": "0.1", "ETH": "0.1", "LTC": "0.1"}

// callback renders the deposit: the customer's foreign_id inside
// crypto_address and confirmations as a JSON number, as in the provider's
// deposit examples.
func (d *deposit) callback() callbackJSON {
	txs := []innerTx{{id: d.innerID, currency: d.addr.cur.code, typ: "deposit", address: d.addr.text,
		tag: d.addr.tagValue(), amount: money(d.amount), txid: d.txid, riskscore: riskscores[d.addr.cur.code],
		confirmations: d.confirmations}}
	if d.addr.conv != nil {
		txs = append(txs, innerTx{id: d.exchID, currency: d.addr.cur.code, currencyTo: d.recvCur.code, exchange: true,
			amount: money(d.amount), amountTo: money(d.received)})
	}
	var fees []feeJSON
	if d.fee.IsPositive() {
		fees = append(fees, feeJSON{Type: "deposit", Currency: d.recvCur.code, Amount: money(d.fee)})
	}
	return callbackJSON{
		ID:               d.id,
		EndUserReference: d.addr.endUserRef,
		Type:             d.kind(),
		CryptoAddress:    d.addr.json(true),
		CurrencySent:     sentJSON{Currency: d.addr.cur.code, Amount: money(d.amount)},
		CurrencyReceived: receivedJSON{Currency: d.recvCur.code, Amount: money(d.received), AmountMinusFee: moneyPtr(d.received.Sub(d.fee))},
		Transactions:     txs,
		Fees:             fees,
		Error:            d.errMsg,
		Status:           d.status,
	}
}
