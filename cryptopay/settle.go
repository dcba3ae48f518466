package cryptopay

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
)

// Settlement.
//
// Every create that carries a reference (a custom_id, or a customer's own
// id) settles through apicall.Create, the one settlement primitive: the
// answer is compared with what was asked (Differs, the reference first),
// and an unknown outcome or a "custom_id taken" answer is settled by
// looking the object up by its reference (Find). This file holds every
// settlement of the package: what each create compares, and how its object
// is found again. A service's Create only builds its call and names its
// settlement.

// settlement is an invoice create's: found by custom_id, compared on the
// price and the pay currency.
func (p *InvoiceParams) settlement(s *InvoicesService) apicall.Settlement[Invoice] {
	return apicall.Settlement[Invoice]{Object: "invoice", Find: s.FindByReference,
		ID: func(x *Invoice) string { return x.ID },
		Differs: func(x *Invoice) string {
			switch {
			case x.CustomID != p.CustomID:
				return "reference"
			case !x.PriceAmount.Equal(p.PriceAmount):
				return "price_amount"
			case x.PriceCurrency != p.PriceCurrency:
				return "price_currency"
			case x.PayCurrency != p.PayCurrency:
				return "pay_currency"
			}
			return ""
		}}
}

// settlement is a coin withdrawal create's (p as sent: the tag joined to the
// address, the custom_id filled in): found by custom_id, compared by
// payments.MatchPayout's field names, the reference first. The amount is
// the one amount asked (charged_amount or received_amount; a
// charged_amount_to_send is not echoed as such, charged_amount adds the
// fees); "amount.currency" is the currency of that side, "asset" the
// received currency.
func (p *CoinWithdrawalParams) settlement(s *CoinWithdrawalsService) apicall.Settlement[CoinWithdrawal] {
	return apicall.Settlement[CoinWithdrawal]{Object: "coin withdrawal", Find: s.FindByReference,
		ID: func(x *CoinWithdrawal) string { return x.ID },
		Differs: func(w *CoinWithdrawal) string {
			gotAddr, gotTag := SplitTag(w.Address)
			wantAddr, wantTag := SplitTag(p.Address)
			receivedSide := p.ReceivedAmount != nil
			switch {
			case w.CustomID != p.CustomID:
				return "reference"
			case p.ChargedAmount != nil && !w.ChargedAmount.Equal(*p.ChargedAmount),
				receivedSide && !w.ReceivedAmount.Equal(*p.ReceivedAmount):
				return "amount"
			case w.ReceivedCurrency != p.ReceivedCurrency && receivedSide:
				return "amount.currency"
			case w.ChargedCurrency != p.ChargedCurrency && !receivedSide:
				return "amount.currency"
			case w.ReceivedCurrency != p.ReceivedCurrency:
				return "asset"
			case w.ChargedCurrency != p.ChargedCurrency:
				return "charged_currency"
			case !payments.SameAddress(gotAddr, wantAddr): // an EIP-55 echo is the same destination
				return "address"
			case gotTag != wantTag:
				return "tag"
			}
			return ""
		}}
}

// errStillNew is the settling read of a commit that finds the withdrawal
// still uncommitted: nothing settled.
var errStillNew = errors.New("the withdrawal is still new (uncommitted)")

// commitSettlement is a commit's: it carries no custom_id of its own, so an
// unknown outcome is settled by reading the withdrawal by id; it is
// returned once it has left status new (committing twice pays once).
func (s *CoinWithdrawalsService) commitSettlement(id string) apicall.Settlement[CoinWithdrawal] {
	return settleByRead("coin withdrawal", id, s.Get, func(x *CoinWithdrawal) string { return x.ID },
		func(x *CoinWithdrawal) bool { return x.Status == CoinWithdrawalStatusNew }, errStillNew)
}

// commitSettlement is an exchange transfer commit's, as a withdrawal
// commit's: settled by reading the transfer by id, returned once it has
// left status new (committing twice converts once).
func (s *ExchangeTransfersService) commitSettlement(id string) apicall.Settlement[ExchangeTransfer] {
	return settleByRead("exchange transfer", id, s.Get, func(x *ExchangeTransfer) string { return x.ID },
		func(x *ExchangeTransfer) bool { return x.Status == ExchangeTransferStatusNew },
		errors.New("the exchange transfer is still new (uncommitted)"))
}

// settleByRead is the settlement of a commit, which carries no reference
// of its own: an unknown outcome is settled by reading the object by id
// (get); it is returned once it has left status new (isNew), else the
// read fails with stillNew and nothing is settled. There is nothing to
// compare: the id names the object asked for.
func settleByRead[T any](object, id string, get func(context.Context, string) (*T, error), objectID func(*T) string,
	isNew func(*T) bool, stillNew error) apicall.Settlement[T] {
	return apicall.Settlement[T]{Object: object,
		ID:      objectID,
		Differs: func(*T) string { return "" },
		Find: func(ctx context.Context, _ string) (*T, error) {
			x, err := get(ctx, id)
			if err == nil && isNew(x) {
				return nil, stillNew
			}
			return x, err
		}}
}

// alreadyCommitted makes a commit's refusal on the withdrawal's status (it
// has left new: the repeat of a commit that went through, the README's
// recovery after an unknown outcome) an unknown outcome, which
// commitSettlement settles by reading the withdrawal. As a definite
// failure it would invite paying again, and CommitQuote would take it for
// an expiry once the deadline passed.
func alreadyCommitted(k *apicall.Call, err error) error {
	if err == nil || errors.Is(err, payments.ErrUnknownOutcome) {
		return err
	}
	for _, d := range ErrorDetails(err) {
		if d.Target == "status" {
			return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.Op, Reference: k.Reference, Err: err}
		}
	}
	return err
}

// settlement is a refund create's: the API has no lookup of refunds by
// custom_id, so the invoice's refunds are walked (FindRefund); compared on
// the invoice and the address asked (when one was).
func (p *RefundParams) settlement(s *InvoicesService, invoiceID string) apicall.Settlement[Refund] {
	return apicall.Settlement[Refund]{Object: "refund",
		Find: func(ctx context.Context, customID string) (*Refund, error) {
			return s.FindRefund(ctx, invoiceID, customID)
		},
		ID: func(x *Refund) string { return x.ID },
		Differs: func(r *Refund) string {
			switch {
			case r.CustomID != p.CustomID:
				return "reference"
			case r.InvoiceID != invoiceID:
				return "invoice_id"
			case p.Address != "" && !payments.SameAddress(r.Address, p.Address):
				return "address"
			}
			return ""
		}}
}

// settlement is a channel create's: found by custom_id, compared on the
// currencies (a deposit channel asked again is the same channel).
func (p *ChannelParams) settlement(s *ChannelsService) apicall.Settlement[Channel] {
	return apicall.Settlement[Channel]{Object: "channel", Find: s.FindByReference,
		ID: func(x *Channel) string { return x.ID },
		Differs: func(ch *Channel) string {
			switch {
			case ch.CustomID != p.CustomID:
				return "reference"
			case ch.PayCurrency != p.PayCurrency:
				return "pay_currency"
			case ch.ReceiverCurrency != p.ReceiverCurrency:
				return "receiver_currency"
			}
			return ""
		}}
}

// settlement is a customer create's: the reference is the merchant's own
// id, so the customer is found by Get; compared on the currency.
func (p *CustomerParams) settlement(s *CustomersService) apicall.Settlement[Customer] {
	return apicall.Settlement[Customer]{Object: "customer", Find: s.Get,
		ID: func(x *Customer) string { return x.ID },
		Differs: func(x *Customer) string {
			switch {
			case x.ID != p.ID:
				return "reference"
			case x.Currency != p.Currency:
				return "currency"
			}
			return ""
		}}
}

// settlement is a subscription create's: found by custom_id, compared on
// the amount, currency and period.
func (p *SubscriptionParams) settlement(s *SubscriptionsService) apicall.Settlement[Subscription] {
	return apicall.Settlement[Subscription]{Object: "subscription", Find: s.FindByReference,
		ID: func(x *Subscription) string { return x.ID },
		Differs: func(x *Subscription) string {
			switch {
			case x.CustomID != p.CustomID:
				return "reference"
			case !x.Amount.Equal(p.Amount):
				return "amount"
			case x.Currency != p.Currency:
				return "currency"
			case x.Period != p.Period:
				return "period"
			}
			return ""
		}}
}

// settlement is an exchange transfer create's. Cryptopay offers no lookup
// of transfers by custom_id (Find is nil): the answer is compared, and
// nothing else can be settled (see settleExchangeTransfer).
func (p *ExchangeTransferParams) settlement() apicall.Settlement[ExchangeTransfer] {
	return apicall.Settlement[ExchangeTransfer]{Object: "exchange transfer",
		ID: func(x *ExchangeTransfer) string { return x.ID },
		Differs: func(x *ExchangeTransfer) string {
			switch {
			case x.CustomID != p.CustomID:
				return "reference"
			case x.ChargedCurrency != p.ChargedCurrency:
				return "charged_currency"
			case x.ReceivedCurrency != p.ReceivedCurrency:
				return "received_currency"
			case p.ChargedAmount != nil && !x.ChargedAmount.Equal(*p.ChargedAmount):
				return "charged_amount"
			case p.ReceivedAmount != nil && !x.ReceivedAmount.Equal(*p.ReceivedAmount):
				return "received_amount"
			}
			return ""
		}}
}

// unsettledTaken is a "custom_id taken" answer to a create that cannot be
// settled (no lookup by custom_id): an unknown outcome, never
// payments.ErrDuplicateReference. It may answer our own earlier attempt (an
// internal retry, or a repeat after an unknown outcome), and nothing can
// tell whose object holds the custom_id.
func unsettledTaken(k *apicall.Call, err error) error {
	if !errors.Is(err, payments.ErrDuplicateReference) || errors.Is(err, payments.ErrUnknownOutcome) {
		return err
	}
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.Op, Reference: k.Reference,
		Err: fmt.Errorf("%w (no lookup by custom_id exists to tell whether it is ours)", err)}
}

// notFound is a lookup that walked a list and found nothing.
func notFound(msg string) error {
	return &payments.APIError{Provider: ProviderName, StatusCode: http.StatusNotFound, Code: CodeNotFound, Message: msg, Kind: payments.ErrNotFound}
}
