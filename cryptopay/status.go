package cryptopay

import "github.com/coinsdk/coinsdk/payments"

// Statuses.
//
// This file is the one place of Cryptopay's status vocabulary and of its
// mapping to payments.Status: a named type per status-bearing model, its
// constants, and the model's Normalized method.

// InvoiceStatus is an invoice's status.
type InvoiceStatus string

// Invoice statuses.
const (
	// InvoiceStatusNew: waiting for the payment (10 min for fiat-priced, 2 h
	// for crypto-priced invoices).
	InvoiceStatusNew InvoiceStatus = "new"
	// InvoiceStatusCompleted: paid and confirmed (see StatusContext for
	// overpaid or paid_late).
	InvoiceStatusCompleted InvoiceStatus = "completed"
	// InvoiceStatusUnresolved: paid with an issue the merchant must resolve
	// (see StatusContext).
	InvoiceStatusUnresolved InvoiceStatus = "unresolved"
	// InvoiceStatusRefunded: the payment was sent back.
	InvoiceStatusRefunded InvoiceStatus = "refunded"
	// InvoiceStatusCancelled: nothing (confirmed) arrived in time; an
	// unconfirmed invoice is also cancelled after 14 days.
	InvoiceStatusCancelled InvoiceStatus = "cancelled"
)

// Status contexts refine an invoice's or a channel payment's status.
const (
	// ContextOverpaid: more than due arrived.
	ContextOverpaid = "overpaid"
	// ContextUnderpaid: less than due arrived.
	ContextUnderpaid = "underpaid"
	// ContextPaidLate: the payment arrived after the invoice expired.
	ContextPaidLate = "paid_late"
	// ContextIllicitResource: the funds come from an address tied to unlawful activity.
	ContextIllicitResource = "illicit_resource"
	// ContextChannelDisabled: a payment reached a disabled channel.
	ContextChannelDisabled = "channel_disabled"
)

// CoinWithdrawalStatus is a coin withdrawal's status.
type CoinWithdrawalStatus string

// Coin withdrawal statuses.
const (
	// CoinWithdrawalStatusNew: created without force_commit, waiting for the
	// commit (it expires 30 seconds after creation).
	CoinWithdrawalStatusNew CoinWithdrawalStatus = "new"
	// CoinWithdrawalStatusPending: committed, queued.
	CoinWithdrawalStatusPending CoinWithdrawalStatus = "pending"
	// CoinWithdrawalStatusOnHold: held for review.
	CoinWithdrawalStatusOnHold CoinWithdrawalStatus = "on_hold"
	// CoinWithdrawalStatusProcessing: being sent.
	CoinWithdrawalStatusProcessing CoinWithdrawalStatus = "processing"
	// CoinWithdrawalStatusSent: broadcast, not yet confirmed.
	CoinWithdrawalStatusSent CoinWithdrawalStatus = "sent"
	// CoinWithdrawalStatusCompleted: confirmed on chain.
	CoinWithdrawalStatusCompleted CoinWithdrawalStatus = "completed"
	// CoinWithdrawalStatusFailed: NOT final: Cryptopay's payout guide says
	// such a withdrawal "will update its status either to COMPLETED or
	// CANCELLED soon".
	CoinWithdrawalStatusFailed CoinWithdrawalStatus = "failed"
	// CoinWithdrawalStatusCancelled: not sent, funds returned to the account.
	CoinWithdrawalStatusCancelled CoinWithdrawalStatus = "cancelled"
)

// ChannelPaymentStatus is a channel payment's status.
type ChannelPaymentStatus string

// Channel payment statuses.
const (
	// ChannelPaymentStatusPending: seen, waiting for confirmations.
	ChannelPaymentStatusPending ChannelPaymentStatus = "pending"
	// ChannelPaymentStatusOnHold: held (see StatusContext: illicit_resource
	// or channel_disabled).
	ChannelPaymentStatusOnHold ChannelPaymentStatus = "on_hold"
	// ChannelPaymentStatusCompleted: confirmed and credited.
	ChannelPaymentStatusCompleted ChannelPaymentStatus = "completed"
	// ChannelPaymentStatusRefunded: sent back.
	ChannelPaymentStatusRefunded ChannelPaymentStatus = "refunded"
	// ChannelPaymentStatusCancelled: not credited.
	ChannelPaymentStatusCancelled ChannelPaymentStatus = "cancelled"
)

// ChannelStatus is a channel's status: whether it accepts payments. It is
// a setting, not a payment's lifecycle, so Channel has no Normalized.
type ChannelStatus string

// Channel statuses.
const (
	// ChannelStatusEnabled: the channel accepts payments.
	ChannelStatusEnabled ChannelStatus = "enabled"
	// ChannelStatusDisabled: payments to it are held (channel_disabled).
	ChannelStatusDisabled ChannelStatus = "disabled"
)

// SubscriptionStatus is a subscription's status.
type SubscriptionStatus string

// Subscription statuses.
const (
	// SubscriptionStatusActive: billing periodically.
	SubscriptionStatusActive SubscriptionStatus = "active"
	// SubscriptionStatusCancelled: no more invoices.
	SubscriptionStatusCancelled SubscriptionStatus = "cancelled"
)

// ExchangeTransferStatus is an exchange transfer's status.
type ExchangeTransferStatus string

// Exchange transfer statuses.
const (
	// ExchangeTransferStatusNew: created without force_commit, waiting for
	// the commit.
	ExchangeTransferStatusNew ExchangeTransferStatus = "new"
	// ExchangeTransferStatusCompleted: done.
	ExchangeTransferStatusCompleted ExchangeTransferStatus = "completed"
)

// TransactionStatus is a balance transaction's status, as the object
// behind it (an invoice, a withdrawal …) spells it; it may be null (then
// ""). Cryptopay documents no list of its own, so it has no constants and
// Transaction has no Normalized: read the object behind it.
type TransactionStatus string

// Normalized maps the invoice's status, status_context and amounts to the
// normalized status. It is the one place invoice statuses are read:
//
//	new                         → pending; confirming once the payments seen cover what is due
//	completed                   → paid (overpaid: overpaid; paid_late: paid)
//	unresolved + underpaid      → underpaid (not terminal: a top-up or a recalculation may complete it)
//	unresolved + overpaid       → overpaid (the price arrived; the excess can be refunded)
//	unresolved + paid_late      → on_hold: the money ARRIVED, after the window closed, and is held until
//	                              the merchant recalculates (→ completed) or refunds it; never "expired",
//	                              which would say nothing was received
//	unresolved + illicit_resource, or no context → on_hold (held for a compliance decision)
//	refunded                    → refunded
//	cancelled                   → expired (Cryptopay cancels an invoice whose window closed unpaid)
//
// on_hold, not awaiting_approval: a hold comes after payments were seen
// (confirming), and payments.Advance shows confirming → on_hold, where it
// would drop a later awaiting_approval as stale.
// Anything else is payments.StatusUnknown.
func (x *Invoice) Normalized() payments.Status {
	switch x.Status {
	case InvoiceStatusNew:
		if x.PayAmount.IsPositive() && x.PaidAmount.GreaterThanOrEqual(x.PayAmount) {
			return payments.StatusConfirming // seen, not yet confirmed
		}
		return payments.StatusPending
	case InvoiceStatusCompleted:
		if x.StatusContext == ContextOverpaid {
			return payments.StatusOverpaid
		}
		return payments.StatusPaid
	case InvoiceStatusUnresolved:
		switch x.StatusContext {
		case ContextUnderpaid:
			return payments.StatusUnderpaid
		case ContextOverpaid:
			return payments.StatusOverpaid
		}
		return payments.StatusOnHold // paid_late, illicit_resource, or none: held
	case InvoiceStatusRefunded:
		return payments.StatusRefunded
	case InvoiceStatusCancelled:
		return payments.StatusExpired
	}
	return payments.StatusUnknown
}

// Normalized maps the coin withdrawal's status to the normalized status:
//
//	new        → pending (waiting for the commit)
//	pending    → processing (committed)
//	on_hold    → on_hold (a hold may come after processing, and goes again)
//	processing → processing
//	sent       → processing (broadcast; completed once confirmed)
//	completed  → completed
//	failed     → processing: NOT a terminal failure, it moves on to completed or cancelled
//	cancelled  → cancelled
func (x *CoinWithdrawal) Normalized() payments.Status {
	switch x.Status {
	case CoinWithdrawalStatusNew:
		return payments.StatusPending
	case CoinWithdrawalStatusPending, CoinWithdrawalStatusProcessing, CoinWithdrawalStatusSent, CoinWithdrawalStatusFailed:
		return payments.StatusProcessing
	case CoinWithdrawalStatusOnHold:
		return payments.StatusOnHold
	case CoinWithdrawalStatusCompleted:
		return payments.StatusCompleted
	case CoinWithdrawalStatusCancelled:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}

// Normalized maps the channel payment's status to the normalized status
// (the status_context says why a payment is held, not what it is):
//
//	pending   → confirming
//	on_hold   → on_hold (illicit_resource or channel_disabled: held, not credited; it may follow pending)
//	completed → paid
//	refunded  → refunded
//	cancelled → cancelled
func (x *ChannelPayment) Normalized() payments.Status {
	switch x.Status {
	case ChannelPaymentStatusPending:
		return payments.StatusConfirming
	case ChannelPaymentStatusOnHold:
		return payments.StatusOnHold
	case ChannelPaymentStatusCompleted:
		return payments.StatusPaid
	case ChannelPaymentStatusRefunded:
		return payments.StatusRefunded
	case ChannelPaymentStatusCancelled:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}

// Normalized maps the subscription's status to the normalized status:
// active → pending (it bills every period; each period's invoice carries
// the payment), cancelled → cancelled.
func (x *Subscription) Normalized() payments.Status {
	switch x.Status {
	case SubscriptionStatusActive:
		return payments.StatusPending
	case SubscriptionStatusCancelled:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}

// Normalized maps the exchange transfer's status to the normalized status:
// new → pending (waiting for the commit), completed → completed; a transfer
// whose answer carries no status (the published fields name none) is
// payments.StatusUnknown.
func (x *ExchangeTransfer) Normalized() payments.Status {
	switch x.Status {
	case ExchangeTransferStatusNew:
		return payments.StatusPending
	case ExchangeTransferStatusCompleted:
		return payments.StatusCompleted
	}
	return payments.StatusUnknown
}
