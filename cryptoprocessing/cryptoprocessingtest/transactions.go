package cryptoprocessingtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
)

// newTxidLocked makes a blockchain transaction hash in the currency's usual
// spelling. Like addresses it is derived from the API key and a counter, so
// runs repeat exactly.
func (s *Server) newTxidLocked(cur *currencyInfo) string {
	s.nextSeq++
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s/txid/%d", s.APIKey, s.nextSeq)))
	h := hex.EncodeToString(sum[:])
	if cur.code == "ETH" || cur.code == "USDT" {
		return "0x" + h
	}
	return h
}

// findByForeignIDLocked looks at withdrawals, exchanges and invoices (whose
// foreign_id is unique and at the callback's root) first, then at the latest
// deposit to an address taken with that foreign_id.
func (s *Server) findByForeignIDLocked(foreignID string) record {
	for i := len(s.recordOrder) - 1; i >= 0; i-- {
		if r := s.records[s.recordOrder[i]]; r.rootForeignID() == foreignID {
			return r
		}
	}
	for i := len(s.recordOrder) - 1; i >= 0; i-- {
		if d, ok := s.records[s.recordOrder[i]].(*deposit); ok && d.addr.foreignID == foreignID {
			return d
		}
	}
	return nil
}

// findByTxidLocked finds the record holding a blockchain transaction.
func (s *Server) findByTxidLocked(txid string) record {
	for i := len(s.recordOrder) - 1; i >= 0; i-- {
		if r := s.records[s.recordOrder[i]]; r.hasTxid(txid) {
			return r
		}
	}
	return nil
}

// transactionsInfo serves GET transactions/info: exactly one of id,
// foreign_id, txid; the answer is the callback-shaped record, not wrapped
// in "data".
func (s *Server) transactionsInfo(c *call) reply {
	f := c.form
	given := 0
	for _, k := range []string{"id", "foreign_id", "txid"} {
		if f.present(k) {
			given++
		}
	}
	if given != 1 {
		return fieldError(http.StatusBadRequest, "id", "Exactly one of id, foreign id or txid is required.")
	}
	var r record
	var field string
	switch {
	case f.present("id"):
		field = "id"
		id, ok := f.integer("id")
		if !ok {
			return errorsReply(http.StatusBadRequest, f.errs)
		}
		r = s.records[id]
	case f.present("foreign_id"):
		field = "foreign_id"
		v := f.text("foreign_id", true, true)
		if !f.ok() {
			return errorsReply(http.StatusBadRequest, f.errs)
		}
		r = s.findByForeignIDLocked(v)
	default:
		field = "txid"
		v := f.text("txid", true, false)
		if !f.ok() {
			return errorsReply(http.StatusBadRequest, f.errs)
		}
		r = s.findByTxidLocked(v)
	}
	if r == nil {
		return fieldError(http.StatusNotFound, field, "Transaction not found.")
	}
	return jsonReply(http.StatusOK, render(r))
}
