package gatewaytest

import (
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// payment is a payment's state.
type payment struct {
	id, num, ptype     string
	amount             decimal.Decimal // requested, in asset (zero for an open amount without one)
	asset, payAsset    *asset
	due                decimal.Decimal // payment_amount, in payAsset
	rate               decimal.Decimal
	ip                 decimal.Decimal // received so far (confirmed or not), in payAsset
	status             string
	address, addressID string
	start, end, done   time.Time
	payer              [3]string // email, name, lang
	description        string
	customs            map[string]string
	dedicateID         string
	webhookURL         string
	successURL         string
	cancelURL          string
	timeout            int
	fiatProvider       string
	fiatAsset          string
	txs                []*tx
}

// tx is a blockchain transaction paying a payment.
type tx struct {
	hash     string
	amount   decimal.Decimal
	status   string // OPEN until confirmed, then COMPLETE
	received time.Time
	date     time.Time
}

var paymentLangs = map[string]bool{"ar": true, "en": true, "es": true, "fa": true, "fr": true, "ja": true, "pt": true, "ru": true, "tr": true, "zh": true}

func (s *Server) createPayment(w http.ResponseWriter, r *http.Request) {
	p, ok := parsed(w, r, s.newPayment)
	if !ok {
		return
	}
	s.mu.Lock()
	s.payments[p.id] = p
	s.payOrder = append(s.payOrder, p.id)
	view, note := s.paymentJSONLocked(p), s.paymentNoteLocked(p, "payment.open")
	s.mu.Unlock()
	writeJSON(w, view)
	sandboxkit.Deliver(s.kit, note)
}

// newPayment validates a create request and builds the payment.
func (s *Server) newPayment(b body) (*payment, *apiError) {
	ptype, e := b.str("payment_type")
	if e != nil {
		return nil, e
	}
	if ptype == "" {
		ptype = "FIXED_AMOUNT"
	}
	if ptype != "FIXED_AMOUNT" && ptype != "OPEN_AMOUNT" {
		return nil, &apiError{"ERR_VALIDATION", "payment_type must be FIXED_AMOUNT or OPEN_AMOUNT"}
	}
	amount, hasAmount, e := b.num("amount")
	if e != nil {
		return nil, e
	}
	if (hasAmount || ptype == "FIXED_AMOUNT") && !amount.IsPositive() {
		return nil, &apiError{"ERR_VALIDATION", "amount must be greater than zero"}
	}
	ids, e := b.strs("asset_id", "payment_asset_id")
	if e != nil {
		return nil, e
	}
	assetID, payID := ids[0], ids[1]
	a, pa := lookupAsset(assetID), lookupAsset(payID)
	if a == nil {
		return nil, &apiError{"ERR_NO_ASSET", "Asset <" + assetID + "> not found."}
	}
	if pa == nil || !pa.crypto() {
		return nil, &apiError{"ERR_NO_ASSET", "Payment asset <" + payID + "> not found."}
	}
	if amount.Exponent() < -a.precision && !amount.Equal(amount.Truncate(a.precision)) {
		return nil, &apiError{"ERR_VALIDATION", "amount has more decimals than " + a.id + " allows"}
	}
	timeout, e := b.integer("timeout")
	if e != nil {
		return nil, e
	}
	if timeout < 0 || timeout > 1440 {
		return nil, &apiError{"ERR_VALIDATION", "timeout must be between 0 and 1440"}
	}
	p := &payment{ptype: ptype, amount: amount, asset: a, payAsset: pa, timeout: timeout, status: "OPEN", customs: b.customs()}
	for i, k := range []string{"payer_email", "payer_name", "payer_lang"} {
		if p.payer[i], e = b.str(k); e != nil {
			return nil, e
		}
	}
	if p.payer[2] != "" && !paymentLangs[p.payer[2]] {
		return nil, &apiError{"ERR_VALIDATION", "payer_lang is not supported"}
	}
	for _, f := range []struct {
		k string
		v *string
	}{{"description", &p.description}, {"dedicate_id", &p.dedicateID}, {"webhook_url", &p.webhookURL},
		{"success_url", &p.successURL}, {"cancel_url", &p.cancelURL}, {"fiat_provider", &p.fiatProvider}, {"fiat_asset_id", &p.fiatAsset}} {
		if *f.v, e = b.str(f.k); e != nil {
			return nil, e
		}
	}
	if (p.fiatProvider == "") != (p.fiatAsset == "") {
		return nil, &apiError{"ERR_VALIDATION", "fiat_provider and fiat_asset_id go together"}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p.id, p.num = s.nextIDLocked()
	p.start = s.Now().UTC().Truncate(time.Second)
	minutes := timeout
	if minutes == 0 {
		minutes = 90
	}
	p.end = p.start.Add(time.Duration(minutes) * time.Minute)
	p.rate = rate(a, pa)
	if hasAmount {
		p.due = convert(amount, a, pa)
		if ptype == "FIXED_AMOUNT" && !p.due.IsPositive() {
			return nil, &apiError{"ERR_VALIDATION", "amount is below the smallest " + pa.id + " unit"}
		}
	}
	if p.dedicateID != "" {
		d := s.dedicated[p.dedicateID]
		if d == nil {
			return nil, &apiError{"ERR_NO_DEDICATE", "Dedicate <" + p.dedicateID + "> not found."}
		}
		if d.status != "OPEN" || d.dtype != "ASSIGN" || !strings.EqualFold(d.asset.id, pa.id) {
			return nil, &apiError{"ERR_VALIDATION", "dedicate <" + p.dedicateID + "> cannot be used for this payment"}
		}
		p.address, p.addressID = d.address, d.addressID
	} else {
		p.address, p.addressID = newAddress(pa), uuidLike(sandboxkit.RandomHex(16))
	}
	return p, nil
}

// newAddress makes an address that looks like the network's.
func newAddress(a *asset) string {
	switch a.network {
	case "BITCOIN":
		return "bc1q" + sandboxkit.RandomHex(19)
	case "TRON":
		return "T" + strings.ToUpper(sandboxkit.RandomHex(16)) + "x"
	case "LITECOIN":
		return "ltc1q" + sandboxkit.RandomHex(19)
	}
	return "0x" + sandboxkit.RandomHex(20)
}

// confirmedLocked is what confirmed transactions paid.
func (p *payment) confirmedLocked() decimal.Decimal {
	var sum decimal.Decimal
	for _, t := range p.txs {
		if t.status == "COMPLETE" {
			sum = sum.Add(t.amount)
		}
	}
	return sum
}

// paidAmount is ip converted back into the payment's asset at its rate.
func (p *payment) paidAmount() decimal.Decimal {
	if p.asset == p.payAsset || p.rate.IsZero() {
		return p.ip
	}
	return p.ip.DivRound(p.rate, p.asset.precision+2).Truncate(p.asset.precision)
}

// paymentJSONLocked renders a payment as the API does (status and
// status_name, amounts as strings, rate as a number).
func (s *Server) paymentJSONLocked(p *payment) map[string]any {
	remain := p.due.Sub(p.ip)
	if remain.IsNegative() {
		remain = decimal.Zero
	}
	m := map[string]any{
		"payment_id": p.id, "store_id": s.StoreID, "account_id": uuidLike(pad32(s.StoreID + p.payAsset.id)),
		"store_name": "Sandbox", "payment_num": p.num, "payment_type": p.ptype,
		"payment_type_name": map[string]string{"FIXED_AMOUNT": "Fixed Amount", "OPEN_AMOUNT": "Open Amount"}[p.ptype],
		"is_test":           true, "amount": p.amount.String(), "asset_id": p.asset.id, "paid_amount": p.paidAmount().String(),
		"payment_amount": p.due.String(), "payment_asset_id": p.payAsset.id, "rate": number(p.rate),
		"rate_date": p.start.Format(timeLayout), "ip_amount": p.ip.String(), "ip_asset_id": p.payAsset.id,
		"remain_amount": remain.String(), "remain_asset_id": p.payAsset.id, "status": p.status,
		"status_name": statusName(p.status), "crypto_network": p.payAsset.network, "crypto_network_name": p.payAsset.networkName,
		"crypto_address_link": "https://explorer.example/address/" + p.address, "address_id": p.addressID, "address": p.address,
		"confirms": p.payAsset.confirmations, "start_date": p.start.Format(timeLayout), "end_date": p.end.Format(timeLayout),
		"payment_url": "https://payer.sandbox.example/payment/" + p.id,
		"qrcode_url":  "https://api.sandbox.example/int/payment/" + p.id + "/qrcode",
		"payer_email": p.payer[0], "payer_name": p.payer[1], "payer_lang": p.payer[2], "description": p.description,
		"webhook_url": p.webhookURL, "success_url": p.successURL, "cancel_url": p.cancelURL, "timeout": p.timeout,
		"dedicate_id":   p.dedicateID,
		"fiat_provider": p.fiatProvider, "fiat_asset_id": p.fiatAsset,
	}
	if !p.done.IsZero() {
		m["complete_date"] = p.done.Format(timeLayout)
	}
	putCustoms(m, p.customs)
	return m
}

func statusName(s string) string {
	return map[string]string{"OPEN": "Open", "COMPLETE": "Completed", "CANCEL": "Cancelled", "CLOSING": "Closing"}[s]
}

func (s *Server) getPayment(w http.ResponseWriter, id string) {
	answerOne(s, w, s.payments, "ERR_NO_PAYMENT", "Payment", id, s.paymentJSONLocked)
}

func (s *Server) getTransactions(w http.ResponseWriter, id string) {
	answerOne(s, w, s.payments, "ERR_NO_PAYMENT", "Payment", id, s.transactionsJSONLocked)
}

// answerOne answers the view of the object id names in m (taken under the
// lock), or the API's not-found error: every GET of one object does.
func answerOne[T, V any](s *Server, w http.ResponseWriter, m map[string]*T, code, name, id string, view func(*T) V) {
	s.mu.Lock()
	x := m[id]
	var v V
	if x != nil {
		v = view(x)
	}
	s.mu.Unlock()
	if x == nil {
		writeErr(w, code, name+" <"+id+"> not found.")
		return
	}
	writeJSON(w, v)
}

// transactionsJSONLocked is GET /payment/{id}/txs's answer.
func (s *Server) transactionsJSONLocked(p *payment) []map[string]any {
	out := make([]map[string]any, 0, len(p.txs))
	for _, t := range p.txs {
		m := map[string]any{"status_type": t.status, "status_type_name": statusName(t.status),
			"trx_received": t.received.Format(timeLayout), "crypto_network": p.payAsset.network,
			"crypto_network_name": p.payAsset.networkName, "address": p.address, "trx_hash": t.hash,
			"crypto_address_link":     "https://explorer.example/address/" + p.address,
			"crypto_transaction_link": "https://explorer.example/tx/" + t.hash,
			"amount":                  t.amount.String(), "currency": p.payAsset.currency, "asset_id": p.payAsset.id}
		if !t.date.IsZero() {
			m["trx_date"] = t.date.Format(timeLayout)
		}
		out = append(out, m)
	}
	return out
}

func (s *Server) listPayments(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, errFrom := time.Parse("2006-01-02", q.Get("from"))
	to, errTo := time.Parse("2006-01-02", q.Get("to"))
	switch {
	case errFrom != nil:
		writeErr(w, "ERR_VALIDATION", "from is required (YYYY-MM-DD)")
		return
	case errTo != nil:
		writeErr(w, "ERR_VALIDATION", "to is required (YYYY-MM-DD)")
		return
	}
	to = to.Add(24 * time.Hour) // whole days
	status, assetID, dedicateID := q.Get("status"), q.Get("asset_id"), q.Get("dedicate_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, id := range s.payOrder {
		p := s.payments[id]
		switch {
		case p.start.Before(from) || !p.start.Before(to):
		case status != "" && p.status != status:
		case assetID != "" && p.payAsset.id != assetID && p.asset.id != assetID:
		case dedicateID != "" && p.dedicateID != dedicateID:
		default:
			m := s.paymentJSONLocked(p)
			// The list answers with the field tables' spelling.
			m["status_type"], m["status_type_name"] = m["status"], m["status_name"]
			delete(m, "status")
			delete(m, "status_name")
			out = append(out, m)
		}
	}
	writeJSON(w, out)
}
