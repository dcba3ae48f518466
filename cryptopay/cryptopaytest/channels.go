package cryptopaytest

import (
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// channel is a permanent deposit address whose payments are converted into
// the receiver currency (statuses enabled, disabled).
type channel struct {
	id, name, description, status string
	payCurrency, receiverCurrency string
	address, network              string
	customID, customerID          string
	hostedURL                     string
	createdAt                     time.Time
	payments                      []*channelPayment
}

type channelView struct {
	ID               string  `json:"id"`
	Status           string  `json:"status"`
	Name             *string `json:"name"`
	Description      *string `json:"description"`
	ReceiverCurrency string  `json:"receiver_currency"`
	PayCurrency      string  `json:"pay_currency"`
	Address          string  `json:"address"`
	Network          string  `json:"network"`
	ProjectID        string  `json:"project_id"`
	CustomID         *string `json:"custom_id"`
	CustomerID       *string `json:"customer_id"`
	URI              string  `json:"uri"`
	HostedPageURL    string  `json:"hosted_page_url"`
}

func (s *Server) channelView(ch *channel) channelView {
	return channelView{ID: ch.id, Status: ch.status, Name: optStr(ch.name), Description: optStr(ch.description),
		ReceiverCurrency: ch.receiverCurrency, PayCurrency: ch.payCurrency, Address: ch.address, Network: ch.network,
		ProjectID: s.st.projectID, CustomID: optStr(ch.customID), CustomerID: optStr(ch.customerID),
		URI: uriScheme(ch.network) + ":" + ch.address, HostedPageURL: ch.hostedURL}
}

// channelPayment is a payment received on a channel (statuses pending,
// on_hold, completed, refunded, cancelled; status_context illicit_resource,
// channel_disabled).
type channelPayment struct {
	id                    string
	ch                    *channel
	status, statusContext string
	paid, received, fee   decimal.Decimal
	rate                  decimal.Decimal
	txid                  string
	risk                  *risk
	createdAt             time.Time
	credited              *txn
}

type channelPaymentView struct {
	ID               string       `json:"id"`
	ChannelID        string       `json:"channel_id"`
	CustomID         *string      `json:"custom_id"`
	CustomerID       *string      `json:"customer_id"`
	Status           string       `json:"status"`
	StatusContext    *string      `json:"status_context"`
	PaidAmount       amount       `json:"paid_amount"`
	PaidCurrency     string       `json:"paid_currency"`
	ReceivedAmount   amount       `json:"received_amount"`
	ReceivedCurrency string       `json:"received_currency"`
	Fee              amount       `json:"fee"`
	FeeCurrency      string       `json:"fee_currency"`
	Txid             string       `json:"txid"`
	Address          string       `json:"address"`
	Network          string       `json:"network"`
	Risk             *riskView    `json:"risk"`
	Exchange         exchangeView `json:"exchange"`
	RefundAddress    *string      `json:"refund_address"`
	CoinWithdrawalID *string      `json:"coin_withdrawal_id"`
	CreatedAt        stamp        `json:"created_at"`
}

func (cp *channelPayment) view() channelPaymentView {
	ch := cp.ch
	return channelPaymentView{ID: cp.id, ChannelID: ch.id, CustomID: optStr(ch.customID), CustomerID: optStr(ch.customerID),
		Status: cp.status, StatusContext: optStr(cp.statusContext), PaidAmount: amt(cp.paid), PaidCurrency: ch.payCurrency,
		ReceivedAmount: amt(cp.received), ReceivedCurrency: ch.receiverCurrency, Fee: amt(cp.fee), FeeCurrency: ch.receiverCurrency,
		Txid: cp.txid, Address: ch.address, Network: ch.network, Risk: cp.risk.view(),
		Exchange:  exchangeView{Pair: ch.payCurrency + ch.receiverCurrency, Rate: amt(cp.rate), Fee: amt(cp.fee), FeeCurrency: ch.receiverCurrency},
		CreatedAt: at(cp.createdAt)}
}

// createChannel serves POST /api/channels.
func (s *Server) createChannel(c *call) sandboxkit.Reply {
	p := c.p
	payCur := p.currency("pay_currency", cryptoCodes)
	netw := readNetwork(p, "network", payCur)
	recvCur := p.currency("receiver_currency", currencyCodes)
	ch := &channel{name: p.str("name", false), description: p.str("description", false), customID: p.str("custom_id", false),
		customerID: p.str("customer_id", false), status: "enabled", createdAt: c.now}
	s.checkCustomer(p, ch.customerID)
	if rep, ok := refused(s, p, ch.customID, s.st.channelByCustom); ok {
		return rep
	}
	ch.id = newID()
	ch.payCurrency, ch.receiverCurrency, ch.network = payCur.code, recvCur.code, netw.name
	ch.address = newAddress(netw)
	ch.hostedURL = s.st.baseURL + "/channels/" + ch.id
	store(&s.st.channels, s.st.channelByID, s.st.channelByCustom, ch, ch.id, ch.customID)
	return dataReply(http.StatusCreated, s.channelView(ch))
}

// getChannel serves GET /api/channels/{id} and GET /api/channels/custom_id/{custom_id}.
func (s *Server) getChannel(c *call) sandboxkit.Reply {
	return getOne(c, s.st.channelByID, s.st.channelByCustom, "Channel", s.channelView)
}

// updateChannel serves PATCH /api/channels/{id} (name, description, status,
// customer_id).
func (s *Server) updateChannel(c *call) sandboxkit.Reply {
	ch := s.st.channelByID[c.args["id"]]
	if ch == nil {
		return notFound("Channel")
	}
	p := c.p
	next := *ch
	if p.has("name") {
		next.name = p.str("name", false)
	}
	if p.has("description") {
		next.description = p.str("description", false)
	}
	if p.has("status") {
		if st := p.str("status", true); st != "" && p.included("status", st, []string{"enabled", "disabled"}) {
			next.status = st
		}
	}
	if p.has("customer_id") {
		next.customerID = p.str("customer_id", false)
		s.checkCustomer(p, next.customerID)
	}
	if !p.ok() {
		return p.reply()
	}
	*ch = next
	return dataReply(http.StatusOK, s.channelView(ch))
}

// listChannels serves GET /api/channels (customer_id, starting_after).
func (s *Server) listChannels(c *call) sandboxkit.Reply {
	cust := c.query.Get("customer_id")
	return listOf(s, c, s.st.channels, func(ch *channel) bool { return cust == "" || ch.customerID == cust },
		func(ch *channel) string { return ch.id }, s.channelView)
}

// listChannelPayments serves GET /api/channels/{id}/payments.
func (s *Server) listChannelPayments(c *call) sandboxkit.Reply {
	ch := s.st.channelByID[c.args["id"]]
	if ch == nil {
		return notFound("Channel")
	}
	return listOf(s, c, ch.payments, nil, func(cp *channelPayment) string { return cp.id }, (*channelPayment).view)
}

// getChannelPayment serves GET /api/channels/{id}/payments/{payment_id}.
func (s *Server) getChannelPayment(c *call) sandboxkit.Reply {
	cp := s.st.paymentByID[c.args["payment_id"]]
	if cp == nil || cp.ch.id != c.args["id"] {
		return notFound("Channel payment")
	}
	return dataReply(http.StatusOK, cp.view())
}
