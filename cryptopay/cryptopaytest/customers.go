package cryptopaytest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// customer is one of the merchant's customers; its id is the merchant's own.
type customer struct {
	id        string
	currency  string
	addresses []customerAddress
	createdAt time.Time
}

type customerAddress struct {
	Address  string `json:"address"`
	Currency string `json:"currency"`
	Network  string `json:"network"`
}

type customerView struct {
	ID              string            `json:"id"`
	Currency        *string           `json:"currency"`
	RefundAddresses map[string]string `json:"refund_addresses"`
	Addresses       []customerAddress `json:"addresses"`
}

func (cu *customer) view() customerView {
	refund := map[string]string{}
	for _, a := range cu.addresses {
		if _, seen := refund[a.Currency]; !seen {
			refund[a.Currency] = a.Address
		}
	}
	addrs := append([]customerAddress{}, cu.addresses...)
	return customerView{ID: cu.id, Currency: optStr(cu.currency), RefundAddresses: refund, Addresses: addrs}
}

// addressFor is the customer's first address in a currency, or "".
func (cu *customer) addressFor(currency string) string {
	for _, a := range cu.addresses {
		if a.Currency == currency {
			return a.Address
		}
	}
	return ""
}

// readCustomer reads currency and addresses into cu.
func readCustomer(p *params, cu *customer) {
	if p.has("currency") {
		if cur := p.currency("currency", currencyCodes); cur != nil {
			cu.currency = cur.code
		}
	}
	items, present := p.objects("addresses")
	if !present {
		return
	}
	var addrs []customerAddress
	for i, it := range items {
		prefix := "addresses[" + strconv.Itoa(i) + "]"
		addr := it.str("address", true)
		coin := it.currency("currency", cryptoCodes)
		netw := readNetwork(it, "network", coin)
		if it.ok() && !netw.address.MatchString(addr) {
			it.fail("invalid_coin_address", "address", "must be a valid "+coin.code+" address", map[string]any{"currency": coin.code})
		}
		p.merge(prefix, it)
		if it.ok() {
			addrs = append(addrs, customerAddress{Address: addr, Currency: coin.code, Network: netw.name})
		}
	}
	cu.addresses = addrs
}

// createCustomer serves POST /api/customers.
func (s *Server) createCustomer(c *call) sandboxkit.Reply {
	p := c.p
	cu := &customer{id: p.str("id", true), createdAt: c.now}
	readCustomer(p, cu)
	if cu.id != "" && s.st.customerByID[cu.id] != nil {
		p.fail("taken", "id", "has already been taken", nil)
	}
	if !p.ok() {
		return p.reply()
	}
	s.st.customers = append(s.st.customers, cu)
	s.st.customerByID[cu.id] = cu
	return dataReply(http.StatusCreated, cu.view())
}

// getCustomer serves GET /api/customers/{id}.
func (s *Server) getCustomer(c *call) sandboxkit.Reply {
	return getOne(c, s.st.customerByID, nil, "Customer", (*customer).view)
}

// updateCustomer serves PATCH /api/customers/{id} (currency, addresses).
func (s *Server) updateCustomer(c *call) sandboxkit.Reply {
	cu := s.st.customerByID[c.args["id"]]
	if cu == nil {
		return notFound("Customer")
	}
	next := *cu
	readCustomer(c.p, &next)
	if !c.p.ok() {
		return c.p.reply()
	}
	*cu = next
	return dataReply(http.StatusOK, cu.view())
}

// listCustomers serves GET /api/customers (starting_after).
func (s *Server) listCustomers(c *call) sandboxkit.Reply {
	return listOf(s, c, s.st.customers, nil, func(cu *customer) string { return cu.id }, (*customer).view)
}
