package cryptopay

import (
	"context"
	"iter"
	"net/url"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Transaction reference types: what moved the balance.
const (
	// RefBankDeposit: a bank deposit.
	RefBankDeposit = "BankDeposit"
	// RefBankWithdrawal: a bank withdrawal.
	RefBankWithdrawal = "BankWithdrawal"
	// RefChannelPayment: a payment to a channel.
	RefChannelPayment = "ChannelPayment"
	// RefCoinDeposit: a crypto deposit.
	RefCoinDeposit = "CoinDeposit"
	// RefCoinWithdrawal: a coin withdrawal.
	RefCoinWithdrawal = "CoinWithdrawal"
	// RefExchangeTransfer: an exchange transfer.
	RefExchangeTransfer = "ExchangeTransfer"
	// RefInvoice: an invoice payment.
	RefInvoice = "Invoice"
	// RefInvoiceRefund: an invoice refund.
	RefInvoiceRefund = "InvoiceRefund"
	// RefManualBalanceTransaction: a manual adjustment.
	RefManualBalanceTransaction = "ManualBalanceTransaction"
)

// referenceTypes lists the reference types the API filters on.
var referenceTypes = []string{RefBankDeposit, RefBankWithdrawal, RefChannelPayment, RefCoinDeposit, RefCoinWithdrawal,
	RefExchangeTransfer, RefInvoice, RefInvoiceRefund, RefManualBalanceTransaction}

// TransactionsService reads balance transactions.
type TransactionsService service

// Transaction is one movement of an account balance.
type Transaction struct {
	// ID is the transaction's id.
	ID string `json:"id"`
	// CustomID is the merchant's reference of the object behind it, if any.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer, if any.
	CustomerID string `json:"customer_id"`
	// Amount is the signed amount.
	Amount decimal.Decimal `json:"amount"`
	// Currency is its currency.
	Currency string `json:"currency"`
	// Balance is the account balance after it.
	Balance decimal.Decimal `json:"balance"`
	// Fee is the fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is the fee's currency.
	FeeCurrency string `json:"fee_currency"`
	// ReferenceID is the id of the object behind it (an invoice, a withdrawal…).
	ReferenceID string `json:"reference_id"`
	// ReferenceType is one of the Ref* constants.
	ReferenceType string `json:"reference_type"`
	// Description describes it.
	Description string `json:"description"`
	// Status is its status; it may be null (then "").
	Status TransactionStatus `json:"status"`
	// StatusContext refines Status.
	StatusContext string `json:"status_context"`
	// Risk is the counterparty's risk assessment, if any.
	Risk *Risk `json:"risk"`
	// CreatedAt is when it happened.
	CreatedAt time.Time `json:"created_at"`
	rawJSON
}

func (x Transaction) cursor() string { return x.ID }

// TransactionListParams filters the transaction list; every field is optional.
type TransactionListParams struct {
	// CreatedAtFrom keeps transactions created at or after it.
	CreatedAtFrom time.Time
	// CreatedAtTo keeps transactions created before it.
	CreatedAtTo time.Time
	// ReferenceType keeps one kind (Ref* constants).
	ReferenceType string
	// Currency keeps one currency.
	Currency string
	// Status keeps one status.
	Status TransactionStatus
	// RiskLevel keeps one risk level (low, medium, high).
	RiskLevel string
	// StartingAfter is the id of the last transaction of the previous page.
	StartingAfter string
}

func (p *TransactionListParams) query() (url.Values, error) {
	if p == nil {
		return url.Values{}, nil
	}
	if err := firstErr(
		oneOf("reference_type", p.ReferenceType, true, referenceTypes...),
		validateCurrency("currency", p.Currency, false),
	); err != nil {
		return nil, err
	}
	if !p.CreatedAtFrom.IsZero() && !p.CreatedAtTo.IsZero() && p.CreatedAtTo.Before(p.CreatedAtFrom) {
		return nil, &payments.ValidationError{Field: "created_at_to", Reason: "is before created_at_from"}
	}
	q := values("reference_type", p.ReferenceType, "currency", p.Currency, "status", string(p.Status),
		"risk_level", p.RiskLevel, "starting_after", p.StartingAfter)
	if !p.CreatedAtFrom.IsZero() {
		q.Set("created_at_from", p.CreatedAtFrom.UTC().Format(time.RFC3339))
	}
	if !p.CreatedAtTo.IsZero() {
		q.Set("created_at_to", p.CreatedAtTo.UTC().Format(time.RFC3339))
	}
	return q, nil
}

// List reads one page of transactions.
// GET /api/transactions?created_at_from=…&created_at_to=…&reference_type=…&currency=…&status=…&risk_level=…&starting_after=…
func (s *TransactionsService) List(ctx context.Context, p *TransactionListParams) (*Page[Transaction], error) {
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	return s.list()(ctx, q)
}

// list is the fetch of one page of /api/transactions.
func (s *TransactionsService) list() func(context.Context, url.Values) (*Page[Transaction], error) {
	return pages[Transaction](s.client, "list transactions", "/api/transactions")
}

// All walks every page of transactions.
// GET /api/transactions
func (s *TransactionsService) All(ctx context.Context, p *TransactionListParams) iter.Seq2[Transaction, error] {
	q, err := p.query()
	if err != nil {
		return failed[Transaction](err)
	}
	return listAll(ctx, q, s.list())
}
