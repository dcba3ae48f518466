package cryptopay

import (
	"context"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"iter"
	"net/http"
	"net/url"

	"github.com/shopspring/decimal"
)

// AccountsService reads the merchant's accounts (one per currency) and
// their transactions.
type AccountsService service

// Account is one currency account.
type Account struct {
	// ID is the account's id.
	ID string `json:"id"`
	// Balance is the available balance.
	Balance decimal.Decimal `json:"balance"`
	// Currency is the account's currency.
	Currency string `json:"currency"`
	// ProjectID is the project the account belongs to, if any.
	ProjectID string `json:"project_id"`
	rawJSON
}

// List reads every account.
// GET /api/accounts
func (s *AccountsService) List(ctx context.Context) ([]Account, error) {
	accounts, _, err := apicall.List[Account](ctx, s.client.pipe, &apicall.Call{Op: "list accounts", Method: http.MethodGet, Path: "/api/accounts"})
	return accounts, err
}

// AccountTransactionListParams pages an account's transactions.
type AccountTransactionListParams struct {
	// StartingAfter is the id of the last transaction of the previous page.
	StartingAfter string
}

func (p *AccountTransactionListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("starting_after", p.StartingAfter)
}

// Transactions reads one page of an account's transactions.
// GET /api/accounts/{id}/transactions?starting_after=…
func (s *AccountsService) Transactions(ctx context.Context, accountID string, p *AccountTransactionListParams) (*Page[Transaction], error) {
	return s.transactions(accountID).page(ctx, p.query())
}

func (s *AccountsService) transactions(accountID string) nestedList[Transaction] {
	return nested[Transaction](s.client, "list account transactions", "account_id", accountID, "/api/accounts/", "/transactions")
}

// AllTransactions walks every page of an account's transactions.
// GET /api/accounts/{id}/transactions
func (s *AccountsService) AllTransactions(ctx context.Context, accountID string, p *AccountTransactionListParams) iter.Seq2[Transaction, error] {
	return s.transactions(accountID).all(ctx, p.query())
}
