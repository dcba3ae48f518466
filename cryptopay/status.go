package cryptopay

import "github.com/coinsdk/coinsdk/payments"

// Invoice statuses.
const (
	// InvoiceNew: waiting for the payment (10 min for fiat-priced, 2 h for
	// crypto-priced invoices).
	InvoiceNew = "new"
	// InvoiceCompleted: paid and confirmed (see StatusContext for overpaid or paid_late).
	InvoiceCompleted = "completed"
	// InvoiceUnresolved: paid with an issue the merchant must resolve (see StatusContext).
	InvoiceUnresolved = "unresolved"
	// InvoiceRefunded: the payment was sent back.
	InvoiceRefunded = "refunded"
	// InvoiceCancelled: nothing (confirmed) arrived in time; an unconfirmed
	// invoice is also cancelled after 14 days.
	InvoiceCancelled = "cancelled"
)

// Status contexts refine a status.
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

// Coin withdrawal statuses.
const (
	// WithdrawalNew: created without force_commit, waiting for the commit
	// (it expires 30 seconds after creation).
	WithdrawalNew = "new"
	// WithdrawalPending: committed, queued.
	WithdrawalPending = "pending"
	// WithdrawalOnHold: held for review.
	WithdrawalOnHold = "on_hold"
	// WithdrawalProcessing: being sent.
	WithdrawalProcessing = "processing"
	// WithdrawalSent: broadcast, not yet confirmed.
	WithdrawalSent = "sent"
	// WithdrawalCompleted: confirmed on chain.
	WithdrawalCompleted = "completed"
	// WithdrawalFailed: NOT final: Cryptopay's payout guide says such a
	// withdrawal "will update its status either to COMPLETED or CANCELLED soon".
	WithdrawalFailed = "failed"
	// WithdrawalCancelled: not sent, funds returned to the account.
	WithdrawalCancelled = "cancelled"
)

// Channel payment statuses.
const (
	// ChannelPaymentPending: seen, waiting for confirmations.
	ChannelPaymentPending = "pending"
	// ChannelPaymentOnHold: held (see StatusContext: illicit_resource or channel_disabled).
	ChannelPaymentOnHold = "on_hold"
	// ChannelPaymentCompleted: confirmed and credited.
	ChannelPaymentCompleted = "completed"
	// ChannelPaymentRefunded: sent back.
	ChannelPaymentRefunded = "refunded"
	// ChannelPaymentCancelled: not credited.
	ChannelPaymentCancelled = "cancelled"
)

// Channel statuses.
const (
	// ChannelEnabled: the channel accepts payments.
	ChannelEnabled = "enabled"
	// ChannelDisabled: payments to it are held (channel_disabled).
	ChannelDisabled = "disabled"
)

// Subscription statuses.
const (
	// SubscriptionActive: billing periodically.
	SubscriptionActive = "active"
	// SubscriptionCancelled: no more invoices.
	SubscriptionCancelled = "cancelled"
)

// Exchange transfer statuses.
const (
	// ExchangeTransferNew: created without force_commit, waiting for the commit.
	ExchangeTransferNew = "new"
	// ExchangeTransferCompleted: done.
	ExchangeTransferCompleted = "completed"
)

// NormalizeInvoiceStatus maps an invoice's status and status_context to
// the normalized status. It is the one place invoice statuses are read:
//
//	new                         → pending
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
func NormalizeInvoiceStatus(status, context string) payments.Status {
	switch status {
	case InvoiceNew:
		return payments.StatusPending
	case InvoiceCompleted:
		if context == ContextOverpaid {
			return payments.StatusOverpaid
		}
		return payments.StatusPaid
	case InvoiceUnresolved:
		switch context {
		case ContextUnderpaid:
			return payments.StatusUnderpaid
		case ContextOverpaid:
			return payments.StatusOverpaid
		}
		return payments.StatusOnHold // paid_late, illicit_resource, or none: held
	case InvoiceRefunded:
		return payments.StatusRefunded
	case InvoiceCancelled:
		return payments.StatusExpired
	}
	return payments.StatusUnknown
}

// NormalizeWithdrawalStatus maps a coin withdrawal's status to the
// normalized status:
//
//	new        → pending (waiting for the commit)
//	pending    → processing (committed)
//	on_hold    → on_hold (a hold may come after processing, and goes again)
//	processing → processing
//	sent       → processing (broadcast; completed once confirmed)
//	completed  → completed
//	failed     → processing: NOT a terminal failure, it moves on to completed or cancelled
//	cancelled  → cancelled
func NormalizeWithdrawalStatus(status string) payments.Status {
	switch status {
	case WithdrawalNew:
		return payments.StatusPending
	case WithdrawalPending, WithdrawalProcessing, WithdrawalSent, WithdrawalFailed:
		return payments.StatusProcessing
	case WithdrawalOnHold:
		return payments.StatusOnHold
	case WithdrawalCompleted:
		return payments.StatusCompleted
	case WithdrawalCancelled:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}

// NormalizeChannelPaymentStatus maps a channel payment's status and
// status_context to the normalized status:
//
//	pending   → confirming
//	on_hold   → on_hold (illicit_resource or channel_disabled: held, not credited; it may follow pending)
//	completed → paid
//	refunded  → refunded
//	cancelled → cancelled
func NormalizeChannelPaymentStatus(status, context string) payments.Status {
	switch status {
	case ChannelPaymentPending:
		return payments.StatusConfirming
	case ChannelPaymentOnHold:
		return payments.StatusOnHold
	case ChannelPaymentCompleted:
		return payments.StatusPaid
	case ChannelPaymentRefunded:
		return payments.StatusRefunded
	case ChannelPaymentCancelled:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}
