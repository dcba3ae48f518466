package cryptochill

import (
	"github.com/coinsdk/coinsdk/internal/apicall"
)

// decodeInvoicePage decodes a list answer as List does, without HTTP.
func decodeInvoicePage(body []byte) (*Page[Invoice], error) {
	payload, meta, err := unwrap(body)
	if err != nil {
		return nil, err
	}
	p := &apicall.Pipeline{Provider: ProviderName, Unwrap: unwrap, Decode: decodeInto}
	return decodePage[Invoice](p, &apicall.Call{Op: "list invoices", Method: "GET"}, payload, meta)
}

// decodeInvoice decodes an object answer as Get does, without HTTP.
func decodeInvoice(body []byte) (*Invoice, error) {
	p := &apicall.Pipeline{Provider: ProviderName, Unwrap: unwrap, Decode: decodeInto}
	k := &apicall.Call{Op: "get invoice", Method: "GET"}
	payload, _, err := unwrap(body)
	if err != nil {
		return nil, p.Malformed(k, body, err.Error()) // as the pipeline reports it
	}
	v := new(Invoice)
	return v, p.DecodeInto(k, payload, v)
}
