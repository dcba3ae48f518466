package paymentstest

import "net/http"

// breakSignatureHeader is the Harness.BreakSignature of a provider that
// carries a hex signature in the header name (Harness.SignatureHeader): it
// changes the signature's first digit (0 becomes 1, any other 0), so it
// stays hex but is wrong.
func breakSignatureHeader(name string) func(body []byte, header http.Header) ([]byte, http.Header) {
	return func(body []byte, h http.Header) ([]byte, http.Header) {
		sig := []byte(h.Get(name))
		if len(sig) > 0 {
			if sig[0] == '0' {
				sig[0] = '1'
			} else {
				sig[0] = '0'
			}
		}
		h.Set(name, string(sig))
		return body, h
	}
}

// stripSignatureHeader is the Harness.StripSignature of a provider that
// carries the signature in the header name (Harness.SignatureHeader): it
// removes the header.
func stripSignatureHeader(name string) func(body []byte, header http.Header) ([]byte, http.Header) {
	return func(body []byte, h http.Header) ([]byte, http.Header) {
		h.Del(name)
		return body, h
	}
}
