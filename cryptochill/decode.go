package cryptochill

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// Decoding, once per body.
//
// Models keep plain decimal.Decimal fields. Each model that holds decimals
// has a wire type below that embeds the model's fields (through a
// method-less defined type, e.g. invoiceFields) and shadows only the fields
// leading to a decimal with decjson's guarded types, which refuse hostile
// numbers where they are decoded (see internal/decjson). One json.Unmarshal
// per object fills its wire; model() moves the decimals into place (a nested
// Amount is the wire's own memory, not a copy). Envelopes ({"result": …},
// {"pagination": …, "result": […]}: unwrap; callbacks: webhooks.go) are
// split with decjson.Members (a list's elements by internal/apicall), so
// each object is decoded from exactly the bytes kept as its Raw: a slice of
// the body read once, never copied.

// objectDecoder is a model that decodes itself from its JSON, guarded, and
// keeps raw (not copied: it is a slice of a body nobody reuses) as its Raw.
type objectDecoder interface{ decodeJSON(raw []byte) error }

// rawSetter is a model without decimals that keeps its JSON.
type rawSetter interface{ setRaw(json.RawMessage) }

// decodeInto decodes raw into v once: the pipeline's Decode, and the
// callbacks' object decoder.
func decodeInto(raw []byte, v any) error {
	if d, ok := v.(objectDecoder); ok {
		return d.decodeJSON(raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return err
	}
	if rs, ok := v.(rawSetter); ok {
		rs.setRaw(raw)
	}
	return nil
}

// unwrap is the pipeline's Unwrap: an answer is {"result": <object or
// list>, "pagination": {…}} (the pagination only on paged lists). It returns
// the result's bytes and the pagination's, slices of the body, found in one
// pass. A missing or null result is an empty list ("[]"): a list without
// items, as encoding/json reads one, and for an object call no object, which
// the pipeline reports as malformed.
func unwrap(body []byte) (payload, meta []byte, err error) {
	err = decjson.Members(body, func(key, value []byte) error {
		switch string(key) {
		case "result":
			payload = value
		case "pagination":
			meta = value
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if decjson.IsNull(payload) {
		return []byte("[]"), meta, nil
	}
	return payload, meta, nil
}

// listDecoder is a model whose lists decode in one json.Unmarshal into its
// wire type (the paged lists: invoices, transactions, payouts); spans are
// the elements' bytes, for each item's Raw. One unmarshal of the whole list
// allocates the wires once, where one per item would allocate each.
type listDecoder[T any] interface {
	decodeList(list []byte, spans [][]byte) ([]T, error)
}

// decodeItems decodes a list's payload, each item once: in one
// json.Unmarshal for a model with a list decoder, else item by item through
// the pipeline (apicall.DecodeList).
func decodeItems[T any](p *apicall.Pipeline, k *apicall.Call, payload []byte) ([]T, error) {
	ld, ok := any((*T)(nil)).(listDecoder[T]) // decodeList does not use its receiver
	if !ok {
		return apicall.DecodeList[T](p, k, payload)
	}
	spans := make([][]byte, 0, PerPage)
	err := decjson.Elements(payload, func(elem []byte) error {
		if elem[0] != '{' {
			return errNotObject
		}
		spans = append(spans, elem)
		return nil
	})
	if err != nil {
		return nil, p.Malformed(k, payload, "answer has no list of objects: "+err.Error())
	}
	items, err := ld.decodeList(payload, spans)
	if err != nil {
		return nil, p.Malformed(k, payload, "undecodable list: "+err.Error())
	}
	return items, nil
}

var errNotObject = errors.New("an element is not an object")

// decodeWireList decodes a list of wires in one json.Unmarshal and makes
// the models, each keeping its element's bytes as Raw.
func decodeWireList[T, W any](list []byte, spans [][]byte, model func(w *W, raw []byte) T) ([]T, error) {
	ws := make([]W, 0, len(spans))
	if err := json.Unmarshal(list, &ws); err != nil {
		return nil, err
	}
	if len(ws) != len(spans) {
		return nil, errors.New("list elements do not match")
	}
	items := make([]T, len(ws))
	for i := range ws {
		items[i] = model(&ws[i], spans[i])
	}
	return items, nil
}

// decodeWire unmarshals raw into a fresh wire W and stores its model in
// dst; dst is left as it was when raw does not decode.
func decodeWire[T, W any](dst *T, raw []byte, model func(w *W, raw []byte) T) error {
	var w W
	if err := json.Unmarshal(raw, &w); err != nil {
		return err
	}
	*dst = model(&w, raw)
	return nil
}

// amountFields is Amount without its methods, embedded by amountWire.
type amountFields Amount

type amountWire struct {
	amountFields
	Amount  decjson.Decimal    `json:"amount"`
	RateUSD *decjson.Decimal   `json:"rate_usd,omitempty"`
	Quotes  decjson.DecimalMap `json:"quotes,omitempty"`
}

// model returns the Amount, reusing the wire's memory.
func (w *amountWire) model() *Amount {
	if w == nil {
		return nil
	}
	a := (*Amount)(&w.amountFields)
	a.Amount = w.Amount.Decimal
	a.RateUSD = nil
	if w.RateUSD != nil {
		a.RateUSD = &w.RateUSD.Decimal
	}
	a.Quotes = w.Quotes
	return a
}

type invoiceAmountWire struct {
	Requested *amountWire `json:"requested"`
	Invoiced  *amountWire `json:"invoiced"`
	Paid      *amountWire `json:"paid"`
	PaidTotal *amountWire `json:"paid_total,omitempty"`
}

func (w *invoiceAmountWire) model() InvoiceAmount {
	return InvoiceAmount{Requested: w.Requested.model(), Invoiced: w.Invoiced.model(), Paid: w.Paid.model(), PaidTotal: w.PaidTotal.model()}
}

type invoiceTransactionFields InvoiceTransaction

type invoiceTransactionWire struct {
	invoiceTransactionFields
	Amount decjson.Decimal `json:"amount"`
}

// invoiceWire lists Invoice's fields one by one rather than embedding them
// (as the other wires do): invoices are the most decoded object, and
// encoding/json reaches an embedded field through one more reflect step per
// value. TestWiresCoverTheirModels keeps the two in step.
type invoiceWire struct {
	ID               string                   `json:"id"`
	Kind             string                   `json:"kind"`
	CreatedAt        time.Time                `json:"created_at"`
	ProfileID        string                   `json:"profile_id"`
	Address          string                   `json:"address"`
	XAddress         string                   `json:"x_address"`
	PublicAddress    string                   `json:"public_address"`
	Lightning        *Lightning               `json:"lightning"`
	Network          string                   `json:"network"`
	Status           InvoiceStatus            `json:"status"`
	Amount           invoiceAmountWire        `json:"amount"`
	CustomFee        *amountWire              `json:"custom_fee"`
	MinConfirmations *int                     `json:"min_confirmations"`
	ZeroConfEnabled  *bool                    `json:"zero_conf_enabled"`
	Notes            *string                  `json:"notes"`
	Passthrough      string                   `json:"passthrough"`
	Transactions     []invoiceTransactionWire `json:"transactions"`
}

func (w *invoiceWire) model(raw []byte) Invoice {
	inv := Invoice{ID: w.ID, Kind: w.Kind, CreatedAt: w.CreatedAt, ProfileID: w.ProfileID, Address: w.Address,
		XAddress: w.XAddress, PublicAddress: w.PublicAddress, Lightning: w.Lightning, Network: w.Network,
		Status: w.Status, Amount: w.Amount.model(), CustomFee: w.CustomFee.model(), MinConfirmations: w.MinConfirmations,
		ZeroConfEnabled: w.ZeroConfEnabled, Notes: w.Notes, Passthrough: w.Passthrough, Raw: raw}
	if w.Transactions != nil {
		inv.Transactions = make([]InvoiceTransaction, len(w.Transactions))
		for i := range w.Transactions {
			inv.Transactions[i] = InvoiceTransaction(w.Transactions[i].invoiceTransactionFields)
			inv.Transactions[i].Amount = w.Transactions[i].Amount.Decimal
		}
	}
	return inv
}

func (i *Invoice) decodeJSON(raw []byte) error { return decodeWire(i, raw, (*invoiceWire).model) }

func (*Invoice) decodeList(list []byte, spans [][]byte) ([]Invoice, error) {
	return decodeWireList(list, spans, (*invoiceWire).model)
}

type transactionFields Transaction

type transactionWire struct {
	transactionFields
	Invoice *invoiceWire `json:"invoice"`
	Amount  struct {
		Paid      *amountWire `json:"paid"`
		PaidTotal *amountWire `json:"paid_total,omitempty"`
	} `json:"amount"`
	CurrencyRates map[string]decjson.DecimalMap `json:"currency_rates"`
}

func (t *Transaction) decodeJSON(raw []byte) error {
	return decodeWire(t, raw, (*transactionWire).model)
}

func (*Transaction) decodeList(list []byte, spans [][]byte) ([]Transaction, error) {
	return decodeWireList(list, spans, (*transactionWire).model)
}

func (w *transactionWire) model(raw []byte) Transaction {
	t := Transaction(w.transactionFields)
	t.Invoice = nil
	if w.Invoice != nil {
		inv := w.Invoice.model(nil)
		t.Invoice = &inv
	}
	t.Amount = TransactionAmount{Paid: w.Amount.Paid.model(), PaidTotal: w.Amount.PaidTotal.model()}
	t.CurrencyRates = nil
	if w.CurrencyRates != nil {
		t.CurrencyRates = make(map[string]map[string]decimal.Decimal, len(w.CurrencyRates))
		for k, m := range w.CurrencyRates {
			t.CurrencyRates[k] = m
		}
	}
	t.Raw = raw
	return t
}

type payoutRecipientFields PayoutRecipient

type payoutRecipientWire struct {
	payoutRecipientFields
	Amount struct {
		Requested *amountWire `json:"requested"`
		Received  *amountWire `json:"received"`
	} `json:"amount"`
	CustomFee *amountWire `json:"custom_fee"`
}

type payoutFields Payout

type payoutWire struct {
	payoutFields
	Amount struct {
		Total      decjson.Decimal `json:"total"`
		NetworkFee decjson.Decimal `json:"network_fee"`
	} `json:"amount"`
	Recipients []payoutRecipientWire `json:"recipients"`
}

func (p *Payout) decodeJSON(raw []byte) error { return decodeWire(p, raw, (*payoutWire).model) }

func (*Payout) decodeList(list []byte, spans [][]byte) ([]Payout, error) {
	return decodeWireList(list, spans, (*payoutWire).model)
}

func (w *payoutWire) model(raw []byte) Payout {
	p := Payout(w.payoutFields)
	p.Amount = PayoutAmount{Total: w.Amount.Total.Decimal, NetworkFee: w.Amount.NetworkFee.Decimal}
	p.Recipients = nil
	if w.Recipients != nil {
		p.Recipients = make([]PayoutRecipient, len(w.Recipients))
		for i := range w.Recipients {
			r := &w.Recipients[i]
			p.Recipients[i] = PayoutRecipient(r.payoutRecipientFields)
			p.Recipients[i].Amount = RecipientAmount{Requested: r.Amount.Requested.model(), Received: r.Amount.Received.model()}
			p.Recipients[i].CustomFee = r.CustomFee.model()
		}
	}
	p.Raw = raw
	return p
}

type conversionFields Conversion

type conversionWire struct {
	conversionFields
	Amount decjson.Decimal `json:"amount"`
}

func (c *Conversion) decodeJSON(raw []byte) error { return decodeWire(c, raw, (*conversionWire).model) }

func (w *conversionWire) model(raw []byte) Conversion {
	c := Conversion(w.conversionFields)
	c.Amount = w.Amount.Decimal
	c.Raw = raw
	return c
}

type automaticConversionFields AutomaticConversion

type automaticConversionWire struct {
	automaticConversionFields
	KeepAmount decjson.Decimal `json:"keep_amount"`
	MinAmount  decjson.Decimal `json:"min_amount"`
	MaxAmount  decjson.Decimal `json:"max_amount"`
}

func (a *AutomaticConversion) decodeJSON(raw []byte) error {
	return decodeWire(a, raw, (*automaticConversionWire).model)
}

func (w *automaticConversionWire) model(raw []byte) AutomaticConversion {
	a := AutomaticConversion(w.automaticConversionFields)
	a.KeepAmount, a.MinAmount, a.MaxAmount = w.KeepAmount.Decimal, w.MinAmount.Decimal, w.MaxAmount.Decimal
	a.Raw = raw
	return a
}

type automaticPayoutFields AutomaticPayout

type automaticPayoutWire struct {
	automaticPayoutFields
	MinAmount  decjson.Decimal `json:"min_amount"`
	KeepAmount decjson.Decimal `json:"keep_amount"`
}

func (a *AutomaticPayout) decodeJSON(raw []byte) error {
	return decodeWire(a, raw, (*automaticPayoutWire).model)
}

func (w *automaticPayoutWire) model(raw []byte) AutomaticPayout {
	a := AutomaticPayout(w.automaticPayoutFields)
	a.MinAmount, a.KeepAmount = w.MinAmount.Decimal, w.KeepAmount.Decimal
	a.Raw = raw
	return a
}

type rateFields Rate

type rateWire struct {
	rateFields
	RateUSD decjson.Decimal `json:"rate_usd"`
	RateBTC decjson.Decimal `json:"rate_btc"`
}

func (r *Rate) decodeJSON(raw []byte) error { return decodeWire(r, raw, (*rateWire).model) }

func (w *rateWire) model(raw []byte) Rate {
	r := Rate(w.rateFields)
	r.RateUSD, r.RateBTC = w.RateUSD.Decimal, w.RateBTC.Decimal
	r.Raw = raw
	return r
}

type balanceFields Balance

type balanceWire struct {
	balanceFields
	Available     decjson.Decimal `json:"available"`
	Pending       decjson.Decimal `json:"pending"`
	ToConsolidate decjson.Decimal `json:"to_consolidate"`
}

func (w *balanceWire) model() Balance {
	b := Balance(w.balanceFields)
	b.Available, b.Pending, b.ToConsolidate = w.Available.Decimal, w.Pending.Decimal, w.ToConsolidate.Decimal
	return b
}

type walletFields Wallet

type walletWire struct {
	walletFields
	Balances      balanceWire   `json:"balances"`
	TokenBalances []balanceWire `json:"token_balances,omitempty"`
}

func (wl *Wallet) decodeJSON(raw []byte) error { return decodeWire(wl, raw, (*walletWire).model) }

func (w *walletWire) model(raw []byte) Wallet {
	wl := Wallet(w.walletFields)
	wl.Balances = w.Balances.model()
	wl.TokenBalances = nil
	if w.TokenBalances != nil {
		wl.TokenBalances = make([]Balance, len(w.TokenBalances))
		for i := range w.TokenBalances {
			wl.TokenBalances[i] = w.TokenBalances[i].model()
		}
	}
	wl.Raw = raw
	return wl
}
