package gatewaytest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// withdrawal is a withdrawal's state. Amounts are in the withdrawn crypto.
type withdrawal struct {
	id, num      string
	amount, fee  decimal.Decimal
	asset        *asset
	address      string
	status       string
	start, end   time.Time
	done         time.Time
	payer        [2]string
	description  string
	customs      map[string]string
	webhookURL   string
	timeout      int
	reallocate   bool
	consolidate  bool
	failedReason string
}

// fee is the sandbox's flat network fee for a withdrawal.
func fee(a *asset) decimal.Decimal {
	switch a.id {
	case "BTC":
		return decimal.RequireFromString("0.0001")
	case "LTC":
		return decimal.RequireFromString("0.001")
	case "ETH":
		return decimal.RequireFromString("0.0005")
	}
	return decimal.NewFromInt(1)
}

func (s *Server) createWithdrawal(w http.ResponseWriter, r *http.Request) {
	wd, ok := parsed(w, r, s.newWithdrawal)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	total := wd.amount.Add(wd.fee)
	if s.balances[wd.asset.id].Sub(s.onHold[wd.asset.id]).LessThan(total) {
		writeErr(w, "ERR_INSUFFICIENT_FUNDS", "Insufficient funds: "+wd.asset.id+" available is below "+total.String()+".")
		return
	}
	wd.id, wd.num = s.nextIDLocked()
	wd.status = "OPEN"
	wd.start = s.Now().UTC().Truncate(time.Second)
	minutes := wd.timeout
	if minutes == 0 {
		minutes = 60
	}
	wd.end = wd.start.Add(time.Duration(minutes) * time.Minute)
	s.onHold[wd.asset.id] = s.onHold[wd.asset.id].Add(total)
	s.withdrawals[wd.id] = wd
	writeJSON(w, s.withdrawalJSONLocked(wd))
}

func (s *Server) newWithdrawal(b body) (*withdrawal, *apiError) {
	amount, ok, e := b.num("amount")
	if e != nil {
		return nil, e
	}
	if !ok || !amount.IsPositive() {
		return nil, &apiError{"ERR_VALIDATION", "amount must be greater than zero"}
	}
	ids, e := b.strs("asset_id", "withdraw_asset_id")
	if e != nil {
		return nil, e
	}
	assetID, wID := ids[0], ids[1]
	if wID == "" {
		wID = assetID
	}
	a, wa := lookupAsset(assetID), lookupAsset(wID)
	if a == nil {
		return nil, &apiError{"ERR_NO_ASSET", "Asset <" + assetID + "> not found."}
	}
	if wa == nil || !wa.crypto() {
		return nil, &apiError{"ERR_NO_ASSET", "Withdraw asset <" + wID + "> not found."}
	}
	addr, e := b.str("address")
	if e != nil {
		return nil, e
	}
	if strings.TrimSpace(addr) == "" || strings.ContainsAny(addr, " \t\r\n") {
		return nil, &apiError{"ERR_VALIDATION", "address is required"}
	}
	wd := &withdrawal{asset: wa, address: addr, customs: b.customs(), amount: convert(amount, a, wa), fee: fee(wa)}
	if wd.timeout, e = b.integer("timeout"); e != nil {
		return nil, e
	}
	if wd.timeout < 0 || wd.timeout > 1440 {
		return nil, &apiError{"ERR_VALIDATION", "timeout must be between 0 and 1440"}
	}
	if wd.reallocate, e = b.boolean("reallocate"); e != nil {
		return nil, e
	}
	if wd.consolidate, e = b.boolean("consolidate"); e != nil {
		return nil, e
	}
	for _, f := range []struct {
		k string
		v *string
	}{{"payer_email", &wd.payer[0]}, {"payer_name", &wd.payer[1]}, {"description", &wd.description}, {"webhook_url", &wd.webhookURL}} {
		if *f.v, e = b.str(f.k); e != nil {
			return nil, e
		}
	}
	if _, e = b.str("totp_code"); e != nil {
		return nil, e
	}
	if min := decimal.RequireFromString(wa.minWithdraw); wd.amount.LessThan(min) {
		return nil, &apiError{"ERR_MIN_WITHDRAWAL", "Amount is below the minimum withdrawal of " + min.String() + " " + wa.id + "."}
	}
	if max := decimal.RequireFromString(wa.maxWithdraw); wd.amount.GreaterThan(max) {
		return nil, &apiError{"ERR_MAX_WITHDRAWAL", "Amount is above the maximum withdrawal of " + max.String() + " " + wa.id + "."}
	}
	return wd, nil
}

func (s *Server) withdrawalJSONLocked(wd *withdrawal) map[string]any {
	m := map[string]any{
		"withdraw_id": wd.id, "store_id": s.StoreID, "account_id": uuidLike(pad32(s.StoreID + wd.asset.id)),
		"withdraw_num": wd.num, "store_name": "Sandbox", "is_test": true, "amount": wd.amount.String(),
		"asset_id": wd.asset.id, "fee": wd.fee.String(), "fee_asset_id": wd.asset.id, "crypto_network": wd.asset.network,
		"crypto_network_name": wd.asset.networkName, "status": wd.status, "status_name": statusName(wd.status),
		"address": wd.address, "confirms": 0, "start_date": wd.start.Format(timeLayout), "end_date": wd.end.Format(timeLayout),
		"description": wd.description, "payer_email": wd.payer[0], "payer_name": wd.payer[1],
		"webhook_url": wd.webhookURL, "timeout": wd.timeout,
	}
	if !wd.done.IsZero() {
		m["complete_date"] = wd.done.Format(timeLayout)
	}
	putCustoms(m, wd.customs)
	return m
}

func (s *Server) getWithdrawal(w http.ResponseWriter, id string) {
	answerOne(s, w, s.withdrawals, "ERR_NO_WITHDRAW", "Withdraw", id, s.withdrawalJSONLocked)
}

// CompletePayout completes an open withdrawal: the amount and fee leave the
// balance. The service documents no withdrawal webhook, so none is sent
// unless Options.WithdrawalWebhooks asks for one.
func (s *Server) CompletePayout(id string) error {
	return s.finishWithdrawal(id, "COMPLETE", "")
}

// FailPayout cancels an open withdrawal (status CANCEL); the held amount
// returns to the available balance.
func (s *Server) FailPayout(id, reason string) error {
	return s.finishWithdrawal(id, "CANCEL", reason)
}

// CancelPayout is FailPayout: the service ends a withdrawal it does not
// make in one status, CANCEL, whoever cancelled it.
func (s *Server) CancelPayout(id, reason string) error {
	return s.finishWithdrawal(id, "CANCEL", reason)
}

func (s *Server) finishWithdrawal(id, status, reason string) error {
	s.mu.Lock()
	wd, err := openIn(s.withdrawals, "withdrawal", id)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	total := wd.amount.Add(wd.fee)
	s.onHold[wd.asset.id] = s.onHold[wd.asset.id].Sub(total)
	if status == "COMPLETE" {
		s.balances[wd.asset.id] = s.balances[wd.asset.id].Sub(total)
	}
	wd.status, wd.done, wd.failedReason = status, s.Now().UTC().Truncate(time.Second), reason
	var notes []sandboxkit.Notification
	if s.withdrawalWebhooks {
		body, _ := json.Marshal(s.withdrawalJSONLocked(wd))
		notes = append(notes, sandboxkit.Notification{Type: "withdraw", Status: wd.status, ObjectID: wd.id,
			Target: wd.webhookURL, Body: body, Header: s.sign(body)})
	}
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, notes)
	return nil
}

// PayoutsMade reports how many withdrawals the sandbox holds (a test of
// the unknown outcome counts them: the API itself cannot list them).
func (s *Server) PayoutsMade() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.withdrawals)
}

// Withdrawal reports a withdrawal's status.
func (s *Server) Withdrawal(id string) (status string, err error) {
	return field(s, s.withdrawals, "withdrawal", id, (*withdrawal).state)
}
