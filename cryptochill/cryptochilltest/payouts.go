package cryptochilltest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Payout statuses.
const (
	payoutDraft     = "draft"
	payoutNew       = "new"
	payoutPending   = "pending"
	payoutConfirmed = "confirmed"
	payoutComplete  = "complete"
	payoutRejected  = "rejected"
	payoutFailed    = "failed"
)

// networkFeeRates are the sat/byte rates of the documented presets.
var networkFeeRates = map[string]int64{"high": 10, "normal": 5, "economy": 2}

// txBytes is the transaction size the sandbox charges network fees for: 5 sat/byte ×
// 200 bytes = 0.00001 BTC, the network_fee of the documentation's example.
const txBytes = 200

// lightningDefaultAmount stands in for the amount a real server would decode from a
// Lightning payment request when a BTC_LIGHTNING_TO_LIGHTNING recipient has none.
var lightningDefaultAmount = decimal.RequireFromString("0.0001")

// payout is a withdrawal to one or more recipients, paid from one wallet.
type payout struct {
	id, kind, profileID, walletID string
	createdAt                     time.Time
	executedAt                    *time.Time
	txid                          *string
	confirmations                 int
	status                        string
	coin                          string
	total, networkFee             decimal.Decimal // total includes the network fee
	feePays, feePreset            string
	feeRate                       int64
	passthrough, referenceID      *string
	recipients                    []*recipient
	failReason                    string
}

// recipient is one destination of a payout.
type recipient struct {
	id, address  string
	requested    decimal.Decimal
	reqCurrency  string
	received     decimal.Decimal // in the payout's coin, custom and network fees deducted
	fee          *decimal.Decimal
	feeCurrency  string
	notes        *string
	destinationT *int64
}

// payoutAmountView is a payout's "amount" object.
type payoutAmountView struct {
	Total      string `json:"total"`
	NetworkFee string `json:"network_fee"`
}

// recipientAmountView is a recipient's "amount" object.
type recipientAmountView struct {
	Requested moneyView `json:"requested"`
	Received  moneyView `json:"received"`
}

// recipientView is one entry of a payout's "recipients".
type recipientView struct {
	ID        string              `json:"id"`
	Address   string              `json:"address"`
	Amount    recipientAmountView `json:"amount"`
	CustomFee *moneyView          `json:"custom_fee"`
	Notes     *string             `json:"notes"`
}

// payoutView is the JSON shape of Get Payout (the Create Payout example) and of payout
// callbacks.
type payoutView struct {
	ID               string           `json:"id"`
	Kind             string           `json:"kind"`
	TxID             *string          `json:"txid"`
	CreatedAt        string           `json:"created_at"`
	ExecutedAt       *string          `json:"executed_at"`
	ProfileID        string           `json:"profile_id"`
	WalletID         string           `json:"wallet_id"`
	Confirmations    int              `json:"confirmations"`
	Status           string           `json:"status"`
	Network          string           `json:"network"`
	Amount           payoutAmountView `json:"amount"`
	NetworkFeePays   string           `json:"network_fee_pays"`
	NetworkFeePreset string           `json:"network_fee_preset"`
	NetworkFee       int64            `json:"network_fee"`
	Passthrough      *string          `json:"passthrough"`
	ReferenceID      *string          `json:"reference_id"`
	Recipients       []recipientView  `json:"recipients"`
}

// view renders po; the caller holds s.mu.
func (po *payout) view() payoutView {
	v := payoutView{
		ID: po.id, Kind: po.kind, TxID: po.txid, CreatedAt: timestamp(po.createdAt),
		ExecutedAt: optTimestamp(po.executedAt), ProfileID: po.profileID, WalletID: po.walletID,
		Confirmations: po.confirmations, Status: po.status, Network: "testnet",
		Amount:         payoutAmountView{Total: fixed(po.total, po.coin), NetworkFee: fixed(po.networkFee, po.coin)},
		NetworkFeePays: po.feePays, NetworkFeePreset: po.feePreset, NetworkFee: po.feeRate,
		Passthrough: po.passthrough, ReferenceID: po.referenceID, Recipients: []recipientView{},
	}
	for _, r := range po.recipients {
		rv := recipientView{
			ID: r.id, Address: r.address, Notes: r.notes,
			Amount: recipientAmountView{
				Requested: moneyView{Amount: r.requested.StringFixed(max(8, -r.requested.Exponent())), Currency: r.reqCurrency},
				Received:  moneyView{Amount: fixed(r.received, po.coin), Currency: po.coin},
			},
		}
		if r.fee != nil {
			rv.CustomFee = &moneyView{Amount: fixed(*r.fee, r.feeCurrency), Currency: r.feeCurrency}
		}
		v.Recipients = append(v.Recipients, rv)
	}
	return v
}

// listPayouts answers GET /v1/payouts/ with filters txid, address and reference_id.
func (s *Server) listPayouts(q *apiRequest) reply {
	txid, address, ref := q.filter("txid"), q.filter("address"), q.filter("reference_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	items := sandboxkit.NewestFirst(s.st.payouts, func(po *payout) bool {
		if txid != "" && (po.txid == nil || *po.txid != txid) {
			return false
		}
		if ref != "" && (po.referenceID == nil || *po.referenceID != ref) {
			return false
		}
		if address != "" {
			for _, r := range po.recipients {
				if r.address == address {
					return true
				}
			}
			return false
		}
		return true
	})
	return pageReply(items, q.filter("p"), (*payout).view)
}

// getPayout answers GET /v1/payouts/<ID>/.
func (s *Server) getPayout(q *apiRequest) reply {
	return getByID(s, func() *payout { return s.st.payoutByID[q.id] }, (*payout).view)
}

// createPayout answers POST /v1/payouts/.
func (s *Server) createPayout(q *apiRequest) reply {
	if q.role != roleMain {
		return errorReply(http.StatusForbidden, reasonPermissionDenied, "API keys with the Approve permission cannot create payouts.")
	}
	p := &params{m: q.payload}
	profileID := p.requiredStr("profile_id")
	kind := "BTC"
	if k, ok := p.str("kind"); ok {
		kind = k
		p.oneOf("kind", kind, payoutKinds)
	}
	walletID, hasWallet := p.str("wallet_id")
	passthrough := p.optStr("passthrough")
	referenceID := p.optStr("reference_id")
	feePays := "merchant"
	if v, ok := p.str("network_fee_pays"); ok {
		feePays = v
		p.oneOf("network_fee_pays", v, set("merchant", "recipient"))
	}
	preset := "normal"
	if v, ok := p.str("network_fee_preset"); ok {
		preset = v
		p.oneOf("network_fee_preset", v, set("high", "normal", "economy"))
	}
	feeRate := networkFeeRates[preset]
	if n, ok := p.integer("network_fee"); ok {
		if n < 1 || n > 10000 {
			p.fail("network_fee: must be between 1 and 10000 satoshi/byte.")
		}
		feeRate = n
	}
	if p.err != nil {
		return *p.err
	}
	recipients, fail := parseRecipients(q.payload["recipients"], kind)
	if fail != nil {
		return *fail
	}
	coin := kindTable[kind].currency
	networkFee := decimal.New(feeRate*txBytes, -8).Round(decimalsOf(coin))
	total := networkFee
	for i, r := range recipients {
		r.received = convert(r.requested, r.reqCurrency, coin)
		if r.fee != nil {
			r.received = r.received.Sub(convert(*r.fee, r.feeCurrency, coin))
		}
		if i == 0 && feePays == "recipient" {
			r.received = r.received.Sub(networkFee)
		}
		if !r.received.IsPositive() {
			return badValue("recipients[%d].amount: nothing is left for the recipient after fees.", i)
		}
		total = total.Add(r.received)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if lookup(s.st.profiles, profileID) == nil {
		return badValue("profile_id: profile %q does not exist.", profileID)
	}
	w := s.walletForKind(kind)
	if hasWallet {
		w = lookup(s.st.wallets, walletID)
		if w == nil {
			return badValue("wallet_id: wallet %q does not exist.", walletID)
		}
		if !w.holds(coin) {
			return badValue("wallet_id: wallet %q does not hold %s.", w.name, coin)
		}
	}
	for _, other := range s.st.payouts {
		if referenceID != nil && other.referenceID != nil && *other.referenceID == *referenceID {
			return badValue("Payout with this reference_id already exists.")
		}
		// Documented: without a reference_id, the passthrough is what must be unique.
		if referenceID == nil && passthrough != nil && other.passthrough != nil && *other.passthrough == *passthrough {
			return badValue("Payout with this passthrough already exists.")
		}
	}
	po := &payout{
		id: uuid.NewString(), kind: kind, profileID: profileID, walletID: w.id, createdAt: s.Now(),
		status: payoutNew, coin: coin, total: total, networkFee: networkFee, feePays: feePays,
		feePreset: preset, feeRate: feeRate, passthrough: passthrough, referenceID: referenceID,
		recipients: recipients,
	}
	if total.Mul(rateBySymbol[coin].usd).GreaterThan(s.maxPayout) {
		// Over the key's Max Payout: nothing moves until a key with Approve permission says so.
		po.status = payoutDraft
	} else if fail := s.debit(w, po); fail != nil {
		return *fail
	}
	s.st.payouts = append(s.st.payouts, po)
	s.st.payoutByID[po.id] = po
	return resultReply(po.view())
}

// debit takes a payout's total from its wallet, or answers 400 InsufficientFunds; the
// caller holds s.mu.
func (s *Server) debit(w *wallet, po *payout) *reply {
	b := w.bal[po.coin]
	if b.available.LessThan(po.total) {
		rep := errorReply(http.StatusBadRequest, reasonInsufficientFunds,
			fmt.Sprintf("Insufficient funds: the %s wallet has %s %s available, the payout needs %s.",
				w.name, b.available.String(), po.coin, fixed(po.total, po.coin)))
		return &rep
	}
	b.available = b.available.Sub(po.total)
	return nil
}

// parseRecipients validates the recipients list. At most 1000 recipients are accepted.
func parseRecipients(v any, kind string) ([]*recipient, *reply) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		rep := badValue("recipients: must be a non-empty list of recipient objects.")
		return nil, &rep
	}
	if len(list) > 1000 {
		rep := badValue("recipients: at most 1000 recipients per payout.")
		return nil, &rep
	}
	out := make([]*recipient, 0, len(list))
	for i, item := range list {
		obj, ok := item.(map[string]any)
		if !ok {
			rep := badValue("recipients[%d]: must be an object.", i)
			return nil, &rep
		}
		prefix := "recipients[" + strconv.Itoa(i) + "]."
		p := &params{m: obj, prefix: prefix}
		r := &recipient{id: uuid.NewString()}
		if kind == "BTC_LIGHTNING_TO_LIGHTNING" && !p.has("amount") {
			r.requested, r.reqCurrency = lightningDefaultAmount, "BTC"
		} else {
			r.requested, _ = p.amount("amount", true, parsePositive)
			r.reqCurrency = p.requiredStr("currency")
			if p.err == nil {
				p.oneOf("currency", r.reqCurrency, payoutCurrencies)
			}
		}
		r.address = p.requiredStr("address")
		r.notes = p.optStr("notes")
		if fee, ok := p.amount("fee_amount", false, parsePositive); ok {
			r.fee = &fee
			r.feeCurrency = r.reqCurrency
			if fc, ok := p.str("fee_currency"); ok {
				r.feeCurrency = fc
				p.oneOf("fee_currency", fc, payoutCurrencies)
			}
		}
		if n, ok := p.integer("destination_tag"); ok {
			switch {
			case kind != "XRP":
				p.fail("destination_tag: only for XRP payouts.")
			case n < 0 || n > 4294967295:
				p.fail("destination_tag: must be between 0 and 4294967295.")
			}
			r.destinationT = &n
		}
		if p.err != nil {
			return nil, p.err
		}
		if p.has("exchange_rate_limit") {
			if fail := checkRateLimit(obj["exchange_rate_limit"], prefix); fail != nil {
				return nil, fail
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// approvePayout answers PUT /v1/payouts/<ID>/ {"approve": true|false}. Only the approve-only
// key may do this, and only for drafts, as documented.
func (s *Server) approvePayout(q *apiRequest) reply {
	if q.role != roleApprover {
		return errorReply(http.StatusForbidden, reasonPermissionDenied,
			"Approving payout drafts needs an API key with the Approve permission; keys with a Max Payout limit cannot approve.")
	}
	p := &params{m: q.payload}
	approve, ok := p.boolean("approve")
	if p.err != nil {
		return *p.err
	}
	if !ok {
		return badValue("approve: this field is required.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	po := s.st.payoutByID[q.id]
	if po == nil {
		return objectNotFound()
	}
	if po.status != payoutDraft {
		return badValue("Only payout drafts can be approved or rejected; this payout is %q.", po.status)
	}
	if !approve {
		po.status = payoutRejected
		return resultReply(po.view())
	}
	if fail := s.debit(lookup(s.st.wallets, po.walletID), po); fail != nil {
		return *fail
	}
	po.status = payoutNew
	return resultReply(po.view())
}

// payoutConfirmations answers POST /v1/payouts/confirmations/; unknown ids are left out.
func (s *Server) payoutConfirmations(q *apiRequest) reply {
	return s.confirmations(q, func(id string) (int, bool) {
		if po := s.st.payoutByID[id]; po != nil {
			return po.confirmations, true
		}
		return 0, false
	})
}

// PayoutsMade reports how many payouts the sandbox holds (every status, drafts included): a
// test that repeats a payout after an unknown outcome checks with it that exactly one was made.
func (s *Server) PayoutsMade() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.payouts)
}
