package alpha

func toInvoice(x *Invoice) *payments.Invoice { return nil }
