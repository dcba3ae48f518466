package webhookkit

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/coinsdk/coinsdk/payments"
)

// DefaultLimit is the default cap on a webhook body: 1 MiB, far above any
// provider's callback and far below what could hurt a server.
const DefaultLimit int64 = 1 << 20

// CheckSize refuses a body already in memory (ParseBody's argument) that is
// larger than limit (DefaultLimit when limit <= 0), with an error matching
// payments.ErrPayloadTooLarge; it does not look at the bytes.
func CheckSize(body []byte, provider string, limit int64) error {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if int64(len(body)) > limit {
		return fmt.Errorf("%s webhook: %w: %d bytes over the %d-byte cap", provider, payments.ErrPayloadTooLarge, len(body), limit)
	}
	return nil
}

// ReadBody returns r's body, refusing one larger than limit (DefaultLimit when
// limit <= 0) with an error matching payments.ErrPayloadTooLarge, and an
// empty one with payments.ErrMalformed. It reads through http.MaxBytesReader
// so an oversized body is never buffered whole.
func ReadBody(r *http.Request, provider string, limit int64) ([]byte, error) {
	if r == nil || r.Body == nil {
		return nil, fmt.Errorf("%s webhook: %w: no body", provider, payments.ErrMalformed)
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	if r.ContentLength > limit {
		return nil, fmt.Errorf("%s webhook: %w: %d bytes over the %d-byte cap", provider, payments.ErrPayloadTooLarge, r.ContentLength, limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, fmt.Errorf("%s webhook: %w: over the %d-byte cap", provider, payments.ErrPayloadTooLarge, limit)
		}
		return nil, fmt.Errorf("%s webhook: reading body: %w", provider, err)
	}
	if len(body) == 0 {
		return nil, fmt.Errorf("%s webhook: %w: empty body", provider, payments.ErrMalformed)
	}
	return body, nil
}
