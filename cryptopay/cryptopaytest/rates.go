package cryptopaytest

import (
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

type rateView struct {
	BuyRate  amount `json:"buy_rate"`
	SellRate amount `json:"sell_rate"`
}

// listRates serves GET /api/rates: every pair of a coin against every other
// currency, keyed "BTCEUR" (or "BTC/EUR" with Options.RateKeysWithSlash).
func (s *Server) listRates(c *call) sandboxkit.Reply {
	out := map[string]rateView{}
	sep := ""
	if s.opts.RateKeysWithSlash {
		sep = "/"
	}
	for _, base := range cryptoCodes {
		for _, quote := range currencyCodes {
			if base == quote {
				continue
			}
			r := s.pairRateLocked(base, quote)
			out[base+sep+quote] = rateView{BuyRate: amt(r.buy), SellRate: amt(r.sell)}
		}
	}
	return dataReply(http.StatusOK, out)
}

// getRate serves GET /api/rates/{base}/{quote}, and the one-segment
// spellings /api/rates/BTCEUR and /api/rates/BTC%2FEUR.
func (s *Server) getRate(c *call) sandboxkit.Reply {
	pair := c.args["pair"]
	if pair == "" {
		pair = c.args["base"] + "/" + c.args["quote"]
	}
	base, quote, ok := splitPair(pair)
	if !ok {
		return notFound("Rate")
	}
	r := s.pairRateLocked(base, quote)
	return dataReply(http.StatusOK, rateView{BuyRate: amt(r.buy), SellRate: amt(r.sell)})
}

type coinNetworkView struct {
	Network         string              `json:"network"`
	Name            string              `json:"name"`
	Precision       int32               `json:"precision"`
	DestinationTag  *destinationTagView `json:"destination_tag"`
	Invoices        enabledView         `json:"invoices"`
	Channels        enabledView         `json:"channels"`
	CoinWithdrawals enabledView         `json:"coin_withdrawals"`
}

type destinationTagView struct {
	Required bool   `json:"required"`
	Name     string `json:"name"`
}

type enabledView struct {
	Enabled bool `json:"enabled"`
}

type coinView struct {
	Currency string            `json:"currency"`
	Name     string            `json:"name"`
	LogoURL  string            `json:"logo_url"`
	Networks []coinNetworkView `json:"networks"`
}

// listCoins serves GET /api/coins.
func (s *Server) listCoins(c *call) sandboxkit.Reply {
	var out []coinView
	for _, code := range cryptoCodes {
		cur := currencies[code]
		v := coinView{Currency: code, Name: cur.name, LogoURL: s.st.baseURL + "/logos/" + strings.ToLower(code) + ".svg"}
		for _, n := range cur.networks {
			nv := coinNetworkView{Network: n.name, Name: n.title, Precision: cur.places,
				Invoices: enabledView{true}, Channels: enabledView{true}, CoinWithdrawals: enabledView{true}}
			if n.tagged {
				nv.DestinationTag = &destinationTagView{Required: true, Name: "Destination tag"}
			}
			v.Networks = append(v.Networks, nv)
		}
		out = append(out, v)
	}
	return dataReply(http.StatusOK, out)
}
