package cryptoprocessing

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// statusTable maps each family of transaction types and the provider's
// status onto the normalized status. It is the one place statuses are
// interpreted; a pair not listed is payments.StatusUnknown.
var statusTable = map[string]map[string]payments.Status{
	// deposit, deposit_exchange: not_confirmed → confirmed, or cancelled
	// (a double spend, or less than the minimum deposit).
	"deposit": {
		StatusNotConfirmed: payments.StatusConfirming,
		StatusConfirmed:    payments.StatusPaid,
		StatusCancelled:    payments.StatusCancelled,
	},
	// withdrawal, withdrawal_exchange: withdrawal/crypto answers
	// processing; pending is a hold for approval in the back office
	// (withdrawal limits) that may come after that answer, so it is
	// on_hold (shown by payments.Advance after processing, released into
	// processing or a final status), not awaiting_approval (ranked below
	// processing, so a hold after it would be dropped); declined and
	// cancelled never left.
	"withdrawal": {
		StatusPending:    payments.StatusOnHold,
		StatusProcessing: payments.StatusProcessing,
		StatusConfirmed:  payments.StatusCompleted,
		StatusDeclined:   payments.StatusFailed,
		StatusCancelled:  payments.StatusCancelled,
	},
	// invoice: pending means partly paid; processing means the payment is in
	// the mempool; failed is refined by the error text (see NormalizeStatus).
	"invoice": {
		StatusCreated:    payments.StatusPending,
		StatusPending:    payments.StatusUnderpaid,
		StatusProcessing: payments.StatusConfirming,
		StatusConfirmed:  payments.StatusPaid,
		StatusFailed:     payments.StatusFailed,
		StatusCancelled:  payments.StatusCancelled,
	},
	// exchange: answered processing, then a confirmed callback.
	"exchange": {
		StatusProcessing: payments.StatusProcessing,
		StatusConfirmed:  payments.StatusCompleted,
		StatusDeclined:   payments.StatusFailed,
		StatusCancelled:  payments.StatusCancelled,
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

// NormalizeStatus maps a transaction's type, status and error text to the
// normalized status: unknown pairs give payments.StatusUnknown, never an
// error. A failed invoice whose error says its timer ran out ("timer
// expired") is payments.StatusExpired rather than StatusFailed.
func NormalizeStatus(txType, status, errorText string) payments.Status {
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
