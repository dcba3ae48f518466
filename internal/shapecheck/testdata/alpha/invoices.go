package alpha

// Invoice is an invoice.
type Invoice struct {
	ID     string
	Status InvoiceStatus
	Raw    json.RawMessage
}

// InvoiceListParams filters a list.
type InvoiceListParams struct {
	Status InvoiceStatus
}

// Page is one page.
type Page[T any] struct{ Items []T }

// InvoicesService is the invoices API.
type InvoicesService service

// Get returns an invoice.
func (s *InvoicesService) Get(ctx context.Context, id string) (*Invoice, error) { return nil, nil }

// FindByReference returns an invoice by reference.
func (s *InvoicesService) FindByReference(ctx context.Context, ref string) (*Invoice, error) {
	return nil, nil
}

// List returns a page.
func (s *InvoicesService) List(ctx context.Context, p *InvoiceListParams) (*Page[Invoice], error) {
	return nil, nil
}

// All walks every page.
func (s *InvoicesService) All(ctx context.Context, p *InvoiceListParams) iter.Seq2[Invoice, error] {
	return nil
}

// Create creates an invoice.
func (s *InvoicesService) Create(ctx context.Context, p *InvoiceParams) (*Invoice, error) {
	return nil, nil
}
