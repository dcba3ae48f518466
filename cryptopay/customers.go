package cryptopay

import (
	"context"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/coinsdk/coinsdk/payments"
)

// CustomersService manages customers: the merchant's own ids, with the
// currency they are billed in and their refund addresses.
type CustomersService service

// CustomerAddress is a customer's refund address for one currency and network.
type CustomerAddress struct {
	// Address is the wallet address.
	Address string `json:"address"`
	// Currency is its currency.
	Currency string `json:"currency"`
	// Network is its network.
	Network string `json:"network,omitempty"`
}

// CustomerParams creates or updates a customer.
type CustomerParams struct {
	// ID is the merchant's own id for the customer. Required on create,
	// ignored on update (the id is in the path).
	ID string `json:"id,omitempty"`
	// Currency is the customer's currency. Required on create.
	Currency string `json:"currency,omitempty"`
	// Addresses are the customer's refund addresses.
	Addresses []CustomerAddress `json:"addresses,omitempty"`
}

func (p *CustomerParams) validate(create bool) error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if create {
		if err := firstErr(required("id", p.ID), validateCurrency("currency", p.Currency, true)); err != nil {
			return err
		}
	} else if err := validateCurrency("currency", p.Currency, false); err != nil {
		return err
	}
	for i, a := range p.Addresses {
		f := "addresses[" + strconv.Itoa(i) + "]"
		if err := firstErr(required(f+".address", a.Address), validateCurrency(f+".currency", a.Currency, true)); err != nil {
			return err
		}
	}
	return nil
}

// Customer is a merchant's customer.
type Customer struct {
	// ID is the merchant's id.
	ID string `json:"id"`
	// Currency is the customer's currency.
	Currency string `json:"currency"`
	// Addresses are the refund addresses.
	Addresses []CustomerAddress `json:"addresses"`
	// RefundAddresses is the older currency → address map some answers carry.
	RefundAddresses map[string]string `json:"refund_addresses"`
	rawJSON
}

func (x Customer) cursor() string { return x.ID }

// Create creates a customer. The id is the merchant's own: creating it
// again is refused (payments.ErrDuplicateReference on a 409), and the
// create is retried safely on timeouts and 5xx answers, settled by reading
// the customer.
// POST /api/customers
func (s *CustomersService) Create(ctx context.Context, p *CustomerParams) (*Customer, error) {
	if err := p.validate(true); err != nil {
		return nil, err
	}
	return apicall.Create(ctx, s.client.pipe, &apicall.Call{Op: "create customer", Method: http.MethodPost, Path: "/api/customers",
		Body: p, Reference: p.ID}, p.settlement(s))
}

// Get reads a customer by the merchant's id.
// GET /api/customers/{id}
func (s *CustomersService) Get(ctx context.Context, id string) (*Customer, error) {
	return byID[Customer](ctx, s.client, "get customer", "id", "/api/customers/", id)
}

// Update changes a customer's currency or addresses.
// PATCH /api/customers/{id}
func (s *CustomersService) Update(ctx context.Context, id string, p *CustomerParams) (*Customer, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	if err := p.validate(false); err != nil {
		return nil, err
	}
	q := *p
	q.ID = ""
	return apicall.Object[Customer](ctx, s.client.pipe, &apicall.Call{Op: "update customer", Method: http.MethodPatch, Path: "/api/customers/" + segment(id), Body: &q, Idempotent: true})
}

// CustomerListParams pages the customer list.
type CustomerListParams struct {
	// StartingAfter is the id of the last customer of the previous page.
	StartingAfter string
}

func (p *CustomerListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("starting_after", p.StartingAfter)
}

// List reads one page of customers.
// GET /api/customers?starting_after=…
func (s *CustomersService) List(ctx context.Context, p *CustomerListParams) (*Page[Customer], error) {
	return s.list()(ctx, p.query())
}

// All walks every page of customers.
// GET /api/customers
func (s *CustomersService) All(ctx context.Context, p *CustomerListParams) iter.Seq2[Customer, error] {
	return listAll(ctx, p.query(), s.list())
}

// list is the fetch of one page of /api/customers.
func (s *CustomersService) list() func(context.Context, url.Values) (*Page[Customer], error) {
	return pages[Customer](s.client, "list customers", "/api/customers")
}
