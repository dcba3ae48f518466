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
	t, ok := parsed(w, r, s.newTransfer)
	if !ok {
		return
	}
	a, amount, to, desc := t.asset, t.amount, t.to, t.description
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.balances[a.id].Sub(s.onHold[a.id]).LessThan(amount) {
		writeErr(w, "ERR_INSUFFICIENT_FUNDS", "Insufficient funds: "+a.id+" available is below "+amount.String()+".")
		return
	}
	t.at = s.Now().UTC().Truncate(time.Second)
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

// newTransfer validates a transfer request and builds the transfer.
func (s *Server) newTransfer(b body) (*transfer, *apiError) {
	amount, ok, e := b.num("amount")
	if e != nil {
		return nil, e
	}
	f, e := b.strs("to_store_id", "asset_id", "description")
	if e != nil {
		return nil, e
	}
	to, assetID := f[0], f[1]
	a := lookupAsset(assetID)
	switch {
	case !ok || !amount.IsPositive():
		return nil, &apiError{"ERR_VALIDATION", "amount must be greater than zero"}
	case strings.TrimSpace(to) == "" || to == s.StoreID:
		return nil, &apiError{"ERR_NO_STORE", "Store <" + to + "> not found."}
	case a == nil || !a.crypto():
		return nil, &apiError{"ERR_NO_ASSET", "Asset <" + assetID + "> not found."}
	}
	return &transfer{to: to, amount: amount, asset: a, description: f[2]}, nil
}
