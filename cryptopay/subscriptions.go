package cryptopay

import (
	"context"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"iter"
	"net/http"
	"net/url"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Subscription periods.
const (
	// PeriodDay bills daily.
	PeriodDay = "day"
	// PeriodWeek bills weekly.
	PeriodWeek = "week"
	// PeriodMonth bills monthly.
	PeriodMonth = "month"
	// PeriodYear bills yearly.
	PeriodYear = "year"
)

// SubscriptionsService manages subscriptions: invoices issued every period.
type SubscriptionsService service

// SubscriptionParams creates a subscription.
type SubscriptionParams struct {
	// Name names it. Required.
	Name string `json:"name"`
	// Amount is billed every period. Required, positive.
	Amount decimal.Decimal `json:"amount"`
	// Currency is the amount's currency. Required.
	Currency string `json:"currency"`
	// Period is PeriodDay, PeriodWeek, PeriodMonth or PeriodYear. Required.
	Period string `json:"period"`
	// PeriodQuantity is how many periods between invoices (at least 1). Required.
	PeriodQuantity int `json:"period_quantity"`
	// StartsAt is the first billing. Required.
	StartsAt time.Time `json:"starts_at"`
	// PayerEmail is the payer's e-mail. Required.
	PayerEmail string `json:"payer_email"`
	// PayerName is the payer's name.
	PayerName string `json:"payer_name,omitempty"`
	// CustomID is the merchant's unique reference; a UUID is filled in when empty.
	CustomID string `json:"custom_id"`
	// ProductName names the product.
	ProductName string `json:"product_name,omitempty"`
	// ProductDescription describes it.
	ProductDescription string `json:"product_description,omitempty"`
	// SuccessRedirectURL is the payer's redirect after paying.
	SuccessRedirectURL string `json:"success_redirect_url,omitempty"`
	// UnsuccessRedirectURL is the payer's redirect otherwise.
	UnsuccessRedirectURL string `json:"unsuccess_redirect_url,omitempty"`
}

// Validate checks the parameters locally.
func (p *SubscriptionParams) Validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := firstErr(
		required("name", p.Name),
		validateCurrency("currency", p.Currency, true),
		validateAmount("amount", p.Amount, p.Currency),
		oneOf("period", p.Period, false, PeriodDay, PeriodWeek, PeriodMonth, PeriodYear),
		required("payer_email", p.PayerEmail),
		validateCustomID(p.CustomID),
	); err != nil {
		return err
	}
	if p.PeriodQuantity < 1 {
		return &payments.ValidationError{Field: "period_quantity", Reason: "must be at least 1"}
	}
	if p.StartsAt.IsZero() {
		return &payments.ValidationError{Field: "starts_at", Reason: "is required"}
	}
	return nil
}

// Subscription is a recurring bill.
type Subscription struct {
	// ID is Cryptopay's id.
	ID string `json:"id"`
	// CustomID is the merchant's reference.
	CustomID string `json:"custom_id"`
	// Status is SubscriptionStatusActive or SubscriptionStatusCancelled.
	Status SubscriptionStatus `json:"status"`
	// Name names it.
	Name string `json:"name"`
	// Amount is billed every period.
	Amount decimal.Decimal `json:"amount"`
	// Currency is its currency.
	Currency string `json:"currency"`
	// Period is the billing period.
	Period string `json:"period"`
	// PeriodQuantity is the number of periods between invoices.
	PeriodQuantity int `json:"period_quantity"`
	// PayerEmail is the payer's e-mail.
	PayerEmail string `json:"payer_email"`
	// PayerName is the payer's name.
	PayerName string `json:"payer_name"`
	// ProductName names the product.
	ProductName string `json:"product_name"`
	// ProductDescription describes it.
	ProductDescription string `json:"product_description"`
	// CurrentPeriodStartsAt starts the current period.
	CurrentPeriodStartsAt time.Time `json:"current_period_starts_at"`
	// CurrentPeriodEndsAt ends it.
	CurrentPeriodEndsAt time.Time `json:"current_period_ends_at"`
	// CurrentPeriodPaid reports whether the current period is paid.
	CurrentPeriodPaid bool `json:"current_period_paid"`
	// SuccessRedirectURL is the payer's redirect after paying.
	SuccessRedirectURL string `json:"success_redirect_url"`
	// UnsuccessRedirectURL is the payer's redirect otherwise.
	UnsuccessRedirectURL string `json:"unsuccess_redirect_url"`
	// CreatedAt is when it was created.
	CreatedAt time.Time `json:"created_at"`
	// CancelledAt is when it was cancelled (zero while active).
	CancelledAt time.Time `json:"cancelled_at"`
	rawJSON
}

func (x Subscription) cursor() string { return x.ID }

// Create creates a subscription. p.CustomID is filled in with a UUID when
// empty; a reused custom_id is payments.ErrDuplicateReference unless its
// subscription is what was asked, and an unknown outcome is settled by
// looking it up by custom_id.
// POST /api/subscriptions
func (s *SubscriptionsService) Create(ctx context.Context, p *SubscriptionParams) (*Subscription, error) {
	return create(ctx, s.client, "create subscription", "/api/subscriptions", p, func(q *SubscriptionParams) apicall.Settlement[Subscription] { return q.settlement(s) })
}

func (p *SubscriptionParams) reference() *string { return &p.CustomID }

// Get reads a subscription.
// GET /api/subscriptions/{id}
func (s *SubscriptionsService) Get(ctx context.Context, id string) (*Subscription, error) {
	return byID[Subscription](ctx, s.client, "get subscription", "id", "/api/subscriptions/", id)
}

// FindByReference reads a subscription by its custom_id;
// payments.ErrNotFound when there is none.
// GET /api/subscriptions/custom_id/{custom_id}
func (s *SubscriptionsService) FindByReference(ctx context.Context, customID string) (*Subscription, error) {
	return byID[Subscription](ctx, s.client, "find subscription", "custom_id", "/api/subscriptions/custom_id/", customID)
}

// Cancel cancels a subscription; cancelling twice is harmless.
// POST /api/subscriptions/{id}/cancel
func (s *SubscriptionsService) Cancel(ctx context.Context, id string) (*Subscription, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	return apicall.Object[Subscription](ctx, s.client.pipe, &apicall.Call{Op: "cancel subscription", Method: http.MethodPost,
		Path: "/api/subscriptions/" + segment(id) + "/cancel", Idempotent: true})
}

// SubscriptionListParams pages the subscription list.
type SubscriptionListParams struct {
	// StartingAfter is the id of the last subscription of the previous page.
	StartingAfter string
}

func (p *SubscriptionListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("starting_after", p.StartingAfter)
}

// List reads one page of subscriptions.
// GET /api/subscriptions?starting_after=…
func (s *SubscriptionsService) List(ctx context.Context, p *SubscriptionListParams) (*Page[Subscription], error) {
	return s.list()(ctx, p.query())
}

// All walks every page of subscriptions.
// GET /api/subscriptions
func (s *SubscriptionsService) All(ctx context.Context, p *SubscriptionListParams) iter.Seq2[Subscription, error] {
	return listAll(ctx, p.query(), s.list())
}

// list is the fetch of one page of /api/subscriptions.
func (s *SubscriptionsService) list() func(context.Context, url.Values) (*Page[Subscription], error) {
	return pages[Subscription](s.client, "list subscriptions", "/api/subscriptions")
}
