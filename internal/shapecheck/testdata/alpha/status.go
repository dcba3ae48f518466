package alpha

// InvoiceStatus is an invoice's status.
type InvoiceStatus string

// The invoice statuses.
const (
	InvoiceStatusNew  InvoiceStatus = "new"
	InvoiceStatusPaid InvoiceStatus = "paid"
)

// Normalized maps the status.
func (x *Invoice) Normalized() payments.Status { return "" }
