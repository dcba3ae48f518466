package gatewaytest

import (
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// transfer is a transfer to another store, completed at once.
type transfer struct {
	id, num, to string
	amount      decimal.Decimal
	asset       *asset
	description string
	at          time.Time
}

func (s *Server) createTransfer(w http.ResponseWriter, r *http.Request) {
	b, e := readBody(r)
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	amount, ok, e := b.num("amount")
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	to, e := b.str("to_store_id")
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	assetID, e := b.str("asset_id")
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	desc, e := b.str("description")
	if e != nil {
		writeAPIErr(w, e)
		return
	}
	a := lookupAsset(assetID)
	switch {
	case !ok || !amount.IsPositive():
		writeErr(w, "ERR_VALIDATION", "amount must be greater than zero")
		return
	case strings.TrimSpace(to) == "" || to == s.StoreID:
		writeErr(w, "ERR_NO_STORE", "Store <"+to+"> not found.")
		return
	case a == nil || !a.crypto():
		writeErr(w, "ERR_NO_ASSET", "Asset <"+assetID+"> not found.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.balances[a.id].Sub(s.onHold[a.id]).LessThan(amount) {
		writeErr(w, "ERR_INSUFFICIENT_FUNDS", "Insufficient funds: "+a.id+" available is below "+amount.String()+".")
		return
	}
	t := &transfer{to: to, amount: amount, asset: a, description: desc, at: s.Now().UTC().Truncate(time.Second)}
	t.id, t.num = s.nextIDLocked()
	s.balances[a.id] = s.balances[a.id].Sub(amount)
	s.transfers[t.id] = t
	writeJSON(w, map[string]any{
		"transfer_id": t.id, "transfer_num": t.num, "from_store_id": s.StoreID, "from_store_name": "Sandbox",
		"from_account_id": uuidLike(pad32(s.StoreID + a.id)), "to_store_id": to, "to_store_name": "Other store",
		"to_account_id": uuidLike(pad32(to + a.id)), "is_test": true, "amount": number(amount), "asset_id": a.id,
		"status_type": "COMPLETE", "status_type_name": "Completed", "crypto_network": a.network,
		"crypto_network_name": a.networkName, "start_date": t.at.Format(timeLayout), "complete_date": t.at.Format(timeLayout),
		"description": desc,
	})
}
