package cryptoprocessingtest

import "net/http"

// accountJSON is an element of accounts/list.
type accountJSON struct {
	Currency string `json:"currency"`
	Type     string `json:"type"`
	Balance  money  `json:"balance"`
}

// accountsList serves accounts/list: every balance, zero ones included, as
// the provider lists them. Currencies only known from SetBalance are typed
// "crypto".
func (s *Server) accountsList(c *call) reply {
	list := []accountJSON{}
	for _, code := range s.balanceCurrenciesLocked() {
		typ := "crypto"
		if cur := lookupCurrency(code); cur != nil {
			typ = cur.typ
		}
		list = append(list, accountJSON{Currency: code, Type: typ, Balance: money(s.balances[code])})
	}
	return dataReply(http.StatusOK, list)
}
