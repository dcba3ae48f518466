package cryptochill

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Decoding, once per body.
//
// Models keep plain decimal.Decimal fields. Each model that holds decimals
// has a wire type below that embeds the model's fields (through a
// method-less defined type, e.g. invoiceFields) and shadows only the fields
// leading to a decimal with decjson's guarded types, which refuse hostile
// numbers where they are decoded (see internal/decjson). One json.Unmarshal
// per object (or per list) fills the wires; model() moves the decimals into
// place (a nested Amount is the wire's own memory, not a copy).
// Envelopes ({"result": …}, {"pagination": …, "result": […]}, callbacks)
// are split with decjson.Members and decjson.Elements, so each object is
// decoded from exactly the bytes kept as its Raw: a slice of the body read
// once, never copied.

// objectDecoder is a model that decodes itself from its JSON, guarded, and
// keeps raw (not copied: it is a slice of a body nobody reuses) as its Raw.
type objectDecoder interface{ decodeJSON(raw []byte) error }

// rawSetter is a model without decimals that keeps its JSON.
type rawSetter interface{ setRaw(json.RawMessage) }

// decodeInto decodes raw into v once.
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

// envelope is an API answer {"result": <T or [T…]>, "pagination": …}. It
// decodes the body handed over by httpcore (decjson.BodyDecoder) itself.
type envelope[T any] struct {
	list       bool // result is a list
	orBare     bool // without a "result" member, the body is the object
	one        *T
	items      []T
	pagination *Pagination
}

// object returns the decoded object. httpcore hands the body to DecodeBody
// (through decjson.Unmarshal); should it ever not, this is an error, never
// a nil object.
func (e *envelope[T]) object() (*T, error) {
	if e.one == nil {
		return nil, &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK, Message: "response was not decoded", Kind: payments.ErrMalformed}
	}
	return e.one, nil
}

// listDecoder is a model whose lists decode in one json.Unmarshal into its
// wire type; spans are the elements' bytes, for each item's Raw.
type listDecoder[T any] interface {
	decodeList(raw []byte, spans [][]byte) ([]T, error)
}

// DecodeBody splits the envelope (and a list's elements, in the same pass)
// and decodes each object once.
func (e *envelope[T]) DecodeBody(body []byte) error {
	var result []byte
	var spans, resultSpans [][]byte
	split := ""
	if e.list {
		split = "result"
	}
	collect := func(elem []byte) error {
		spans = append(spans, elem)
		return nil
	}
	err := decjson.MembersSplit(body, split, collect, func(key, value []byte) error {
		switch string(key) {
		case "result":
			result = value
			resultSpans, spans = spans, nil
		case "pagination":
			if e.pagination != nil {
				return json.Unmarshal(value, e.pagination)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if result == nil && e.orBare {
		result = body
	}
	if decjson.IsNull(result) {
		if e.list {
			return nil // no list: no items, as encoding/json reads it
		}
		return errNoResult
	}
	if !e.list {
		e.one = new(T)
		return decodeInto(result, e.one)
	}
	if result[0] != '[' {
		return errors.New("result is not a list")
	}
	if ld, ok := any((*T)(nil)).(listDecoder[T]); ok { // decodeList does not use its receiver
		e.items, err = ld.decodeList(result, resultSpans)
		return err
	}
	e.items = make([]T, len(resultSpans))
	for i, raw := range resultSpans {
		if err := decodeInto(raw, &e.items[i]); err != nil {
			return err
		}
	}
	return nil
}

// decodeWireList decodes a list of wires in one json.Unmarshal and makes
// the models, each keeping its element's bytes as Raw.
func decodeWireList[T, W any](raw []byte, spans [][]byte, model func(w *W, raw []byte) T) ([]T, error) {
	ws := make([]W, 0, len(spans))
	if err := json.Unmarshal(raw, &ws); err != nil {
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

var errNoResult = errors.New("response has no result")

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
	Status           string                   `json:"status"`
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

func (*Invoice) decodeList(raw []byte, spans [][]byte) ([]Invoice, error) {
	return decodeWireList(raw, spans, (*invoiceWire).model)
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

func (*Transaction) decodeList(raw []byte, spans [][]byte) ([]Transaction, error) {
	return decodeWireList(raw, spans, (*transactionWire).model)
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

func (*Payout) decodeList(raw []byte, spans [][]byte) ([]Payout, error) {
	return decodeWireList(raw, spans, (*payoutWire).model)
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
