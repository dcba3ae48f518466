package cryptoprocessing

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// This file is the one place of the provider's status vocabulary and of its
// mapping onto payments.Status. CryptoProcessing has one status field,
// shared by every transaction type, whose meaning depends on the type: the
// models that carry a status each have their own named type, and the
// mapping is each model's Normalized method.

// TransactionStatus is the "status" of callbacks and transactions/info.
// Which ones occur depends on the transaction's type (see Normalized).
type TransactionStatus string

// Transaction statuses.
const (
	// TransactionStatusCreated: an invoice waiting for its payer.
	TransactionStatusCreated TransactionStatus = "created"
	// TransactionStatusPending: an invoice partly paid, or a withdrawal
	// held for approval in the back office.
	TransactionStatusPending TransactionStatus = "pending"
	// TransactionStatusProcessing: a withdrawal or exchange accepted, or an
	// invoice's payment in the mempool.
	TransactionStatusProcessing TransactionStatus = "processing"
	// TransactionStatusNotConfirmed: a deposit seen, not yet confirmed.
	TransactionStatusNotConfirmed TransactionStatus = "not_confirmed"
	// TransactionStatusConfirmed: done (deposit credited, withdrawal sent,
	// exchange made, invoice paid).
	TransactionStatusConfirmed TransactionStatus = "confirmed"
	// TransactionStatusDeclined: a withdrawal or exchange refused.
	TransactionStatusDeclined TransactionStatus = "declined"
	// TransactionStatusCancelled: cancelled (a double-spent or too small
	// deposit, a withdrawal or invoice cancelled).
	TransactionStatusCancelled TransactionStatus = "cancelled"
	// TransactionStatusFailed: an invoice not paid in time or in full.
	TransactionStatusFailed TransactionStatus = "failed"
)

// WithdrawalStatus is a withdrawal's status: withdrawal/crypto answers
// processing; the later ones arrive by callback.
type WithdrawalStatus string

// Withdrawal statuses.
const (
	// WithdrawalStatusPending: held for approval in the back office.
	WithdrawalStatusPending WithdrawalStatus = "pending"
	// WithdrawalStatusProcessing: accepted, being sent.
	WithdrawalStatusProcessing WithdrawalStatus = "processing"
	// WithdrawalStatusConfirmed: sent and confirmed on chain.
	WithdrawalStatusConfirmed WithdrawalStatus = "confirmed"
	// WithdrawalStatusDeclined: refused; nothing left the balance.
	WithdrawalStatusDeclined WithdrawalStatus = "declined"
	// WithdrawalStatusCancelled: cancelled; nothing left the balance.
	WithdrawalStatusCancelled WithdrawalStatus = "cancelled"
)

// InvoiceStatus is an invoice's status.
type InvoiceStatus string

// Invoice statuses.
const (
	// InvoiceStatusCreated: waiting for the payer.
	InvoiceStatusCreated InvoiceStatus = "created"
	// InvoiceStatusPending: partly paid.
	InvoiceStatusPending InvoiceStatus = "pending"
	// InvoiceStatusProcessing: a payment is in the mempool.
	InvoiceStatusProcessing InvoiceStatus = "processing"
	// InvoiceStatusConfirmed: paid in full.
	InvoiceStatusConfirmed InvoiceStatus = "confirmed"
	// InvoiceStatusFailed: not paid in time ("timer expired") or paid less
	// than requested; the error text says which.
	InvoiceStatusFailed InvoiceStatus = "failed"
	// InvoiceStatusCancelled: cancelled by the merchant.
	InvoiceStatusCancelled InvoiceStatus = "cancelled"
)

// ExchangeStatus is an exchange's status: exchange/fixed and exchange/now
// answer processing; the later ones arrive by callback.
type ExchangeStatus string

// Exchange statuses.
const (
	// ExchangeStatusProcessing: accepted.
	ExchangeStatusProcessing ExchangeStatus = "processing"
	// ExchangeStatusConfirmed: made.
	ExchangeStatusConfirmed ExchangeStatus = "confirmed"
	// ExchangeStatusDeclined: refused.
	ExchangeStatusDeclined ExchangeStatus = "declined"
	// ExchangeStatusCancelled: cancelled.
	ExchangeStatusCancelled ExchangeStatus = "cancelled"
)

// statusTable maps each family of transaction types and the provider's
// status onto the normalized status; a pair not listed is
// payments.StatusUnknown.
var statusTable = map[string]map[string]payments.Status{
	// deposit, deposit_exchange: not_confirmed → confirmed, or cancelled
	// (a double spend, or less than the minimum deposit).
	"deposit": {
		string(TransactionStatusNotConfirmed): payments.StatusConfirming,
		string(TransactionStatusConfirmed):    payments.StatusPaid,
		string(TransactionStatusCancelled):    payments.StatusCancelled,
	},
	// withdrawal, withdrawal_exchange: withdrawal/crypto answers
	// processing; pending is a hold for approval in the back office
	// (withdrawal limits) that may come after that answer, so it is
	// on_hold (shown by payments.Advance after processing, released into
	// processing or a final status), not awaiting_approval (ranked below
	// processing, so a hold after it would be dropped); declined and
	// cancelled never left.
	"withdrawal": {
		string(WithdrawalStatusPending):    payments.StatusOnHold,
		string(WithdrawalStatusProcessing): payments.StatusProcessing,
		string(WithdrawalStatusConfirmed):  payments.StatusCompleted,
		string(WithdrawalStatusDeclined):   payments.StatusFailed,
		string(WithdrawalStatusCancelled):  payments.StatusCancelled,
	},
	// invoice: pending means partly paid; processing means the payment is in
	// the mempool; failed is refined by the error text (see normalizeStatus).
	"invoice": {
		string(InvoiceStatusCreated):    payments.StatusPending,
		string(InvoiceStatusPending):    payments.StatusUnderpaid,
		string(InvoiceStatusProcessing): payments.StatusConfirming,
		string(InvoiceStatusConfirmed):  payments.StatusPaid,
		string(InvoiceStatusFailed):     payments.StatusFailed,
		string(InvoiceStatusCancelled):  payments.StatusCancelled,
	},
	// exchange: answered processing, then a confirmed callback.
	"exchange": {
		string(ExchangeStatusProcessing): payments.StatusProcessing,
		string(ExchangeStatusConfirmed):  payments.StatusCompleted,
		string(ExchangeStatusDeclined):   payments.StatusFailed,
		string(ExchangeStatusCancelled):  payments.StatusCancelled,
	},
}

// statusFamily groups the transaction types that share statuses.
func statusFamily(txType string) string {
	switch txType {
	case TypeDeposit, TypeDepositExchange:
		return "deposit"
	case TypeWithdrawal, TypeWithdrawalExchange:
		return "withdrawal"
	case TypeInvoice:
		return "invoice"
	case TypeExchange:
		return "exchange"
	}
	return ""
}

// normalizeStatus maps a transaction's type, status and error text to the
// normalized status: unknown pairs give payments.StatusUnknown, never an
// error. A failed invoice whose error says its timer ran out ("timer
// expired") is payments.StatusExpired rather than StatusFailed.
func normalizeStatus(txType, status, errorText string) payments.Status {
	family := statusFamily(txType)
	s, ok := statusTable[family][status]
	if !ok {
		return payments.StatusUnknown
	}
	if family == "invoice" && s == payments.StatusFailed {
		e := strings.ToLower(errorText)
		if strings.Contains(e, "timer") || strings.Contains(e, "expired") {
			return payments.StatusExpired
		}
	}
	return s
}

// Normalized is t's status in the payments vocabulary, read with its type
// and, for a failed invoice, its error text.
func (t *Transaction) Normalized() payments.Status {
	return normalizeStatus(t.Type, string(t.Status), t.Error)
}

// Normalized is w's status in the payments vocabulary (with the found
// transaction's error text, when w was settled by reference).
func (w *Withdrawal) Normalized() payments.Status {
	if w.Transaction != nil {
		return w.Transaction.Normalized()
	}
	return normalizeStatus(TypeWithdrawal, string(w.Status), "")
}

// Normalized is inv's status in the payments vocabulary (with the found
// transaction's error text, when inv was settled by reference).
func (inv *Invoice) Normalized() payments.Status {
	if inv.Transaction != nil {
		return inv.Transaction.Normalized()
	}
	return normalizeStatus(TypeInvoice, string(inv.Status), "")
}

// Normalized is e's status in the payments vocabulary.
func (e *Exchange) Normalized() payments.Status {
	return normalizeStatus(TypeExchange, string(e.Status), "")
}
