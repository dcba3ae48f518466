package channels

import "github.com/coinsdk/coinsdk/payments"

// TransactionStatus is a transaction's status as XGateway sends it.
// Callbacks report final states only (confirmed, failed) unless processing
// callbacks are enabled for the account; a value not listed here is kept
// as sent and normalizes to payments.StatusUnknown.
type TransactionStatus string

// Transaction statuses.
const (
	// TransactionStatusProcessing: seen and being processed (only with
	// processing callbacks enabled).
	TransactionStatusProcessing TransactionStatus = "processing"
	// TransactionStatusConfirmed: final, done. Also what simulate is asked
	// to make a transaction.
	TransactionStatusConfirmed TransactionStatus = "confirmed"
	// TransactionStatusFailed: final, failed. On demo accounts a withdrawal
	// first fails (no funds) and then confirms: a failed withdrawal may
	// still be followed by confirmed for the same transaction. Also what
	// simulate is asked to make a transaction.
	TransactionStatusFailed TransactionStatus = "failed"
)

// InvoiceStatus is a checkout invoice's status as its create answer gives
// it, kept as sent. XGateway publishes neither the answer's shape nor the
// words: there are no constants, and every value normalizes to
// payments.StatusUnknown (an invoice's payment is followed through its
// deposits' callbacks, which carry the invoice's id).
type InvoiceStatus string

// Transaction types: deposits and withdrawals arrive on one callback URL and
// are told apart by type.
const (
	// TypeDeposit is money a customer sent to a channel address (or an invoice).
	TypeDeposit = "deposit"
	// TypeWithdrawal is money the merchant sent out.
	TypeWithdrawal = "withdrawal"
)

// EventType is a callback's event name: the transaction type it carries.
// On a parsed callback it is the unsigned body's word (any value is kept);
// after Refresh, the API's.
type EventType string

// Event names.
const (
	// EventDeposit: a deposit's callback.
	EventDeposit EventType = TypeDeposit
	// EventWithdrawal: a withdrawal's callback.
	EventWithdrawal EventType = TypeWithdrawal
)

// EventKind says what object a callback is about.
type EventKind string

// Event kinds.
const (
	// KindDeposit: a deposit to a channel address or an invoice.
	KindDeposit EventKind = "deposit"
	// KindWithdrawal: a withdrawal.
	KindWithdrawal EventKind = "withdrawal"
	// KindOther: a callbackType or type this package does not know; see Raw.
	KindOther EventKind = "other"
)

// kindOf tells deposits from withdrawals by type.
func kindOf(tx *Transaction) EventKind {
	if tx.CallbackType != "" && tx.CallbackType != "transaction" {
		return KindOther
	}
	switch tx.Type {
	case TypeDeposit:
		return KindDeposit
	case TypeWithdrawal:
		return KindWithdrawal
	}
	return KindOther
}

// statusTable maps each transaction type's statuses to the normalized ones.
// It is the one place statuses are interpreted; a pair not listed is
// payments.StatusUnknown.
var statusTable = map[string]map[TransactionStatus]payments.Status{
	TypeDeposit: {
		TransactionStatusProcessing: payments.StatusConfirming,
		TransactionStatusConfirmed:  payments.StatusPaid,
		TransactionStatusFailed:     payments.StatusFailed,
	},
	TypeWithdrawal: {
		TransactionStatusProcessing: payments.StatusProcessing,
		TransactionStatusConfirmed:  payments.StatusCompleted,
		TransactionStatusFailed:     payments.StatusFailed,
	},
}

// Normalized maps the transaction's type and status to the normalized
// status; an unknown pair (or a nil transaction) is payments.StatusUnknown,
// never an error.
func (t *Transaction) Normalized() payments.Status {
	if t == nil {
		return payments.StatusUnknown
	}
	if s, ok := statusTable[t.Type][t.Status]; ok {
		return s
	}
	return payments.StatusUnknown
}

// Normalized is payments.StatusUnknown for every invoice: the provider
// publishes no invoice status words, and no call reads an invoice back (see
// InvoiceStatus).
func (inv *Invoice) Normalized() payments.Status { return payments.StatusUnknown }
