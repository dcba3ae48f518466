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

// ChannelsService manages channels, Cryptopay's static deposit addresses:
// every payment to a channel's address is converted to its receiver
// currency and credited.
type ChannelsService service

// ChannelParams creates a channel.
type ChannelParams struct {
	// Name names the channel. Required.
	Name string `json:"name"`
	// Description describes it.
	Description string `json:"description,omitempty"`
	// PayCurrency is the crypto the payer sends. Required.
	PayCurrency string `json:"pay_currency"`
	// Network is the pay currency's network, when it has several.
	Network string `json:"network,omitempty"`
	// ReceiverCurrency is what the merchant is credited in. Required.
	ReceiverCurrency string `json:"receiver_currency"`
	// CustomID is the merchant's unique reference; a UUID is filled in when empty.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer id.
	CustomerID string `json:"customer_id,omitempty"`
}

// Validate checks the parameters locally.
func (p *ChannelParams) Validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	return firstErr(
		required("name", p.Name),
		validateCurrency("pay_currency", p.PayCurrency, true),
		validateCurrency("receiver_currency", p.ReceiverCurrency, true),
		validateCustomID(p.CustomID),
	)
}

// Channel is a static deposit address.
type Channel struct {
	// ID is Cryptopay's id.
	ID string `json:"id"`
	// Status is ChannelStatusEnabled or ChannelStatusDisabled.
	Status ChannelStatus `json:"status"`
	// CustomID is the merchant's reference.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer id.
	CustomerID string `json:"customer_id"`
	// Name names the channel.
	Name string `json:"name"`
	// Description describes it.
	Description string `json:"description"`
	// PayCurrency is the crypto paid in.
	PayCurrency string `json:"pay_currency"`
	// ReceiverCurrency is what the merchant is credited in.
	ReceiverCurrency string `json:"receiver_currency"`
	// Address is the deposit address ("address?dt=<tag>" for tag networks).
	Address string `json:"address"`
	// Network is the network.
	Network string `json:"network"`
	// ProjectID is the project, if any.
	ProjectID string `json:"project_id"`
	// URI is a payment URI.
	URI string `json:"uri"`
	// HostedPageURL is Cryptopay's page for the channel.
	HostedPageURL string `json:"hosted_page_url"`
	rawJSON
}

func (x Channel) cursor() string { return x.ID }

// Create creates a channel. p.CustomID is filled in with a UUID when empty;
// a reused custom_id whose channel has the same currencies returns that
// channel (deposit addresses are reusable), another is
// payments.ErrDuplicateReference.
// POST /api/channels
func (s *ChannelsService) Create(ctx context.Context, p *ChannelParams) (*Channel, error) {
	return create(ctx, s.client, "create channel", "/api/channels", p, func(q *ChannelParams) apicall.Settlement[Channel] { return q.settlement(s) })
}

func (p *ChannelParams) reference() *string { return &p.CustomID }

// Get reads a channel.
// GET /api/channels/{id}
func (s *ChannelsService) Get(ctx context.Context, id string) (*Channel, error) {
	return byID[Channel](ctx, s.client, "get channel", "id", "/api/channels/", id)
}

// FindByReference reads a channel by its custom_id; payments.ErrNotFound
// when there is none.
// GET /api/channels/custom_id/{custom_id}
func (s *ChannelsService) FindByReference(ctx context.Context, customID string) (*Channel, error) {
	return byID[Channel](ctx, s.client, "find channel", "custom_id", "/api/channels/custom_id/", customID)
}

// ChannelUpdateParams changes a channel; empty fields are not sent.
type ChannelUpdateParams struct {
	// Name renames it.
	Name string `json:"name,omitempty"`
	// Description changes its description.
	Description string `json:"description,omitempty"`
	// Status is ChannelStatusEnabled or ChannelStatusDisabled.
	Status ChannelStatus `json:"status,omitempty"`
	// CustomerID changes its customer.
	CustomerID string `json:"customer_id,omitempty"`
}

// Update changes a channel.
// PATCH /api/channels/{id}
func (s *ChannelsService) Update(ctx context.Context, id string, p *ChannelUpdateParams) (*Channel, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := oneOf("status", string(p.Status), true, string(ChannelStatusEnabled), string(ChannelStatusDisabled)); err != nil {
		return nil, err
	}
	if *p == (ChannelUpdateParams{}) {
		return nil, &payments.ValidationError{Field: "params", Reason: "change at least one field"}
	}
	// A PATCH that sets fields is harmless to repeat.
	return apicall.Object[Channel](ctx, s.client.pipe, &apicall.Call{Op: "update channel", Method: http.MethodPatch, Path: "/api/channels/" + segment(id), Body: p, Idempotent: true})
}

// ChannelListParams filters the channel list.
type ChannelListParams struct {
	// CustomerID keeps the channels of one customer.
	CustomerID string
	// StartingAfter is the id of the last channel of the previous page.
	StartingAfter string
}

func (p *ChannelListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("customer_id", p.CustomerID, "starting_after", p.StartingAfter)
}

// List reads one page of channels.
// GET /api/channels?customer_id=…&starting_after=…
func (s *ChannelsService) List(ctx context.Context, p *ChannelListParams) (*Page[Channel], error) {
	return s.list()(ctx, p.query())
}

// All walks every page of channels.
// GET /api/channels
func (s *ChannelsService) All(ctx context.Context, p *ChannelListParams) iter.Seq2[Channel, error] {
	return listAll(ctx, p.query(), s.list())
}

// ChannelPayment is a payment received on a channel.
type ChannelPayment struct {
	// ID is the payment's id.
	ID string `json:"id"`
	// ChannelID is the channel.
	ChannelID string `json:"channel_id"`
	// CustomID is the channel's custom_id.
	CustomID string `json:"custom_id"`
	// CustomerID is the channel's customer.
	CustomerID string `json:"customer_id"`
	// Status is one of the ChannelPaymentStatus constants.
	Status ChannelPaymentStatus `json:"status"`
	// StatusContext is illicit_resource or channel_disabled for held payments.
	StatusContext string `json:"status_context"`
	// PaidAmount is what the payer sent.
	PaidAmount decimal.Decimal `json:"paid_amount"`
	// PaidCurrency is its currency.
	PaidCurrency string `json:"paid_currency"`
	// ReceivedAmount is what the merchant is credited.
	ReceivedAmount decimal.Decimal `json:"received_amount"`
	// ReceivedCurrency is its currency.
	ReceivedCurrency string `json:"received_currency"`
	// Fee is Cryptopay's fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is its currency.
	FeeCurrency string `json:"fee_currency"`
	// TxID is the blockchain transaction.
	TxID string `json:"txid"`
	// Address is the channel address paid to.
	Address string `json:"address"`
	// Network is the network.
	Network string `json:"network"`
	// Risk is the sender's risk assessment, if any.
	Risk *Risk `json:"risk"`
	// Exchange is the conversion applied.
	Exchange *Exchange `json:"exchange"`
	// RefundAddress is where a refund of this payment goes, if set.
	RefundAddress string `json:"refund_address"`
	// CoinWithdrawalID is the coin withdrawal that refunded it, if any.
	CoinWithdrawalID string `json:"coin_withdrawal_id"`
	// CreatedAt is when it was seen.
	CreatedAt time.Time `json:"created_at"`
	rawJSON
}

func (x ChannelPayment) cursor() string { return x.ID }

// ChannelPaymentListParams pages a channel's payments.
type ChannelPaymentListParams struct {
	// StartingAfter is the id of the last payment of the previous page.
	StartingAfter string
}

func (p *ChannelPaymentListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("starting_after", p.StartingAfter)
}

// Payments reads one page of a channel's payments.
// GET /api/channels/{id}/payments?starting_after=…
func (s *ChannelsService) Payments(ctx context.Context, channelID string, p *ChannelPaymentListParams) (*Page[ChannelPayment], error) {
	return s.payments(channelID).page(ctx, p.query())
}

func (s *ChannelsService) payments(channelID string) nestedList[ChannelPayment] {
	return nested[ChannelPayment](s.client, "list channel payments", "channel_id", channelID, "/api/channels/", "/payments")
}

// AllPayments walks every page of a channel's payments.
// GET /api/channels/{id}/payments
func (s *ChannelsService) AllPayments(ctx context.Context, channelID string, p *ChannelPaymentListParams) iter.Seq2[ChannelPayment, error] {
	return s.payments(channelID).all(ctx, p.query())
}

// GetPayment reads one channel payment.
// GET /api/channels/{id}/payments/{payment_id}
func (s *ChannelsService) GetPayment(ctx context.Context, channelID, paymentID string) (*ChannelPayment, error) {
	if err := firstErr(requireID("channel_id", channelID), requireID("payment_id", paymentID)); err != nil {
		return nil, err
	}
	return apicall.Object[ChannelPayment](ctx, s.client.pipe, &apicall.Call{Op: "get channel payment", Method: http.MethodGet,
		Path: "/api/channels/" + segment(channelID) + "/payments/" + segment(paymentID)})
}

// list is the fetch of one page of /api/channels.
func (s *ChannelsService) list() func(context.Context, url.Values) (*Page[Channel], error) {
	return pages[Channel](s.client, "list channels", "/api/channels")
}
