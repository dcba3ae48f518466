package cryptopaytest

import (
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// subscription is a recurring payment plan (statuses active, cancelled).
type subscription struct {
	id, customID, name, status         string
	amount                             decimal.Decimal
	currency, period                   string
	periodQuantity                     int64
	payerEmail, payerName              string
	productName, productDescription    string
	successURL, unsuccessURL           string
	startsAt, periodStarts, periodEnds time.Time
	periodPaid                         bool
	createdAt, cancelledAt             time.Time
}

type subscriptionView struct {
	ID                    string  `json:"id"`
	CustomID              *string `json:"custom_id"`
	Name                  string  `json:"name"`
	Status                string  `json:"status"`
	Amount                amount  `json:"amount"`
	Currency              string  `json:"currency"`
	Period                string  `json:"period"`
	PeriodQuantity        int64   `json:"period_quantity"`
	PayerEmail            string  `json:"payer_email"`
	PayerName             *string `json:"payer_name"`
	ProductName           *string `json:"product_name"`
	ProductDescription    *string `json:"product_description"`
	SuccessRedirectURL    *string `json:"success_redirect_url"`
	UnsuccessRedirectURL  *string `json:"unsuccess_redirect_url"`
	CurrentPeriodStartsAt *stamp  `json:"current_period_starts_at"`
	CurrentPeriodEndsAt   *stamp  `json:"current_period_ends_at"`
	CurrentPeriodPaid     bool    `json:"current_period_paid"`
	CreatedAt             stamp   `json:"created_at"`
	CancelledAt           *stamp  `json:"cancelled_at"`
}

func (sub *subscription) view() subscriptionView {
	return subscriptionView{ID: sub.id, CustomID: optStr(sub.customID), Name: sub.name, Status: sub.status, Amount: amt(sub.amount),
		Currency: sub.currency, Period: sub.period, PeriodQuantity: sub.periodQuantity, PayerEmail: sub.payerEmail,
		PayerName: optStr(sub.payerName), ProductName: optStr(sub.productName), ProductDescription: optStr(sub.productDescription),
		SuccessRedirectURL: optStr(sub.successURL), UnsuccessRedirectURL: optStr(sub.unsuccessURL),
		CurrentPeriodStartsAt: optAt(sub.periodStarts), CurrentPeriodEndsAt: optAt(sub.periodEnds), CurrentPeriodPaid: sub.periodPaid,
		CreatedAt: at(sub.createdAt), CancelledAt: optAt(sub.cancelledAt)}
}

// periods are the subscription periods the notes list.
var periods = []string{"day", "week", "month", "year"}

// addPeriod moves t forward by n periods.
func addPeriod(t time.Time, period string, n int64) time.Time {
	k := int(n)
	switch period {
	case "day":
		return t.AddDate(0, 0, k)
	case "week":
		return t.AddDate(0, 0, 7*k)
	case "month":
		return t.AddDate(0, k, 0)
	}
	return t.AddDate(k, 0, 0)
}

// createSubscription serves POST /api/subscriptions.
func (s *Server) createSubscription(c *call) sandboxkit.Reply {
	p := c.p
	sub := &subscription{name: p.str("name", true), customID: p.str("custom_id", false), status: "active",
		payerEmail: p.str("payer_email", true), payerName: p.str("payer_name", false),
		productName: p.str("product_name", false), productDescription: p.str("product_description", false),
		successURL: p.str("success_redirect_url", false), unsuccessURL: p.str("unsuccess_redirect_url", false), createdAt: c.now}
	value, ok := p.amount("amount", true)
	cur := p.currency("currency", currencyCodes)
	if ok {
		p.checkPlaces("amount", value, cur)
	}
	if period := p.str("period", true); period != "" && p.included("period", period, periods) {
		sub.period = period
	}
	sub.periodQuantity = p.integer("period_quantity", true)
	if sub.periodQuantity > 1000 {
		p.fail("must_be_less_than_or_equal", "period_quantity", "must be less than or equal to 1000", map[string]any{"value": 1000})
	}
	if text := p.str("starts_at", true); text != "" {
		t, err := time.Parse(time.RFC3339, text)
		if err != nil {
			p.fail("invalid", "starts_at", "is not a valid date and time", nil)
		}
		sub.startsAt = t
	}
	if rep, ok := refused(s, p, sub.customID, s.st.subByCustom); ok {
		return rep
	}
	sub.id, sub.amount, sub.currency = newID(), value, cur.code
	store(&s.st.subs, s.st.subByID, s.st.subByCustom, sub, sub.id, sub.customID)
	return dataReply(http.StatusCreated, sub.view())
}

// getSubscription serves GET /api/subscriptions/{id} and GET /api/subscriptions/custom_id/{custom_id}.
func (s *Server) getSubscription(c *call) sandboxkit.Reply {
	return getOne(c, s.st.subByID, s.st.subByCustom, "Subscription", (*subscription).view)
}

// listSubscriptions serves GET /api/subscriptions (starting_after).
func (s *Server) listSubscriptions(c *call) sandboxkit.Reply {
	return listOf(s, c, s.st.subs, nil, func(sub *subscription) string { return sub.id }, (*subscription).view)
}

// cancelSubscription serves POST /api/subscriptions/{id}/cancel.
func (s *Server) cancelSubscription(c *call) sandboxkit.Reply {
	sub := s.st.subByID[c.args["id"]]
	if sub == nil {
		return notFound("Subscription")
	}
	if sub.status == "cancelled" {
		return invalid(detail{Code: "invalid", Target: "status", Message: "the subscription is already cancelled", Args: map[string]any{"status": sub.status}})
	}
	sub.status, sub.cancelledAt = "cancelled", c.now
	s.notifyLocked(&c.out, "Subscription", "cancelled", sub.id, sub.view())
	return dataReply(http.StatusOK, sub.view())
}
