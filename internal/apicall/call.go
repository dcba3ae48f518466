package apicall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// Call describes one API call; it is all a provider's service method builds.
type Call struct {
	// Op names the call in errors: "create payout".
	Op string
	// Method and Path (escaped, relative to the base URL) say where it goes.
	Method, Path string
	// Query is appended to the URL.
	Query url.Values
	// Body is what the call sends: the pipeline's Encode turns it into bytes
	// once, before the first attempt (nil sends no body).
	Body any
	// Reference is the dedupe reference the body carries (reference_id,
	// custom_id, orderId …): a state-changing call is retried only with one,
	// and an unknown outcome carries it.
	Reference string
	// Idempotent marks a call that is not a GET but harmless to repeat (a
	// read the provider takes as POST).
	Idempotent bool
}

// Safe reports whether repeating the call changes nothing.
func (k *Call) Safe() bool {
	return k.Idempotent || k.Method == http.MethodGet || k.Method == http.MethodHead
}

// Pipeline is what one provider configures once per client.
type Pipeline struct {
	// HTTP sends, retries and classifies (see httpcore.Client.Do).
	HTTP *httpcore.Client
	// Provider names the provider in errors.
	Provider string
	// Encode turns a call's Body into the bytes sent on every attempt and
	// returns the function that signs one attempt (it runs on every attempt,
	// so nonces and dates are fresh). Nil: JSON, unsigned.
	Encode func(k *Call) (body []byte, sign func(*http.Request) error, err error)
	// Unwrap returns the payload of a 2xx answer: the object's or list's
	// bytes (a slice of body, not a copy), and the list metadata (nil when
	// there is none). A refusal carried in a 2xx answer is returned as an
	// error (an *payments.APIError). Nil: the payload is the body.
	Unwrap func(body []byte) (payload, meta []byte, err error)
	// Decode decodes one object's bytes into v, a pointer to a model, once,
	// and keeps raw as the model's Raw. Nil: json.Unmarshal, no Raw.
	Decode func(raw []byte, v any) error
	// DecodeList, when set, decodes a list's payload (a JSON array) into v,
	// a pointer to a slice of models, in one pass, each element keeping its
	// bytes as its Raw as Decode would. It reports false for a v it does not
	// know, whose elements are then decoded one by one with Decode. Why: a
	// decoder's per-call setup dominates small objects (one json.Unmarshal
	// of a 40-element list allocates a third less than 40 of one element).
	// Nil: element by element.
	DecodeList func(payload []byte, v any) (ok bool, err error)
}

// JSONBody encodes a call's body as JSON (nil for no body).
func JSONBody(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding request: %w", err)
	}
	return b, nil
}

// Send encodes k once and sends it (see httpcore.Client.Do for the errors),
// returning the 2xx answer whole.
func (p *Pipeline) Send(ctx context.Context, k *Call) (*httpcore.Response, error) {
	if ctx == nil {
		return nil, &payments.ValidationError{Field: "ctx", Reason: "is nil"}
	}
	var body []byte
	var sign func(*http.Request) error
	var err error
	if p.Encode != nil {
		body, sign, err = p.Encode(k)
	} else {
		body, err = JSONBody(k.Body)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", p.Provider, k.Op, err)
	}
	return p.HTTP.Do(ctx, &httpcore.Request{
		Operation:  k.Op,
		Method:     k.Method,
		Path:       k.Path,
		Query:      k.Query,
		Body:       body,
		Reference:  k.Reference,
		Idempotent: k.Idempotent,
		Sign:       sign,
	})
}

// Payload sends k and returns its unwrapped payload and list metadata.
func (p *Pipeline) Payload(ctx context.Context, k *Call) (payload, meta []byte, err error) {
	resp, err := p.Send(ctx, k)
	if err != nil {
		return nil, nil, err
	}
	if p.Unwrap == nil {
		return resp.Body, nil, nil
	}
	payload, meta, err = p.Unwrap(resp.Body)
	if err != nil {
		return nil, nil, p.unwrapError(k, resp, err)
	}
	return payload, meta, nil
}

// unwrapError is an Unwrap failure: a refusal the provider put in a 2xx
// answer stays what it is, unless an earlier attempt of the call may have
// taken effect (then the refusal may be caused by it, and the outcome is
// unknown); a body that is not the envelope is malformed.
func (p *Pipeline) unwrapError(k *Call, resp *httpcore.Response, err error) error {
	var e *payments.APIError
	if errors.As(err, &e) {
		if e.Provider == "" {
			e.Provider = p.Provider
		}
		if e.StatusCode == 0 {
			e.StatusCode = resp.StatusCode
		}
		if e.Raw == nil {
			e.Raw = resp.Body
		}
		if e.Kind == nil {
			e.Kind = payments.ErrInvalidRequest
		}
		if resp.Uncertain && !k.Safe() {
			return &payments.UnknownOutcomeError{Provider: p.Provider, Operation: k.Op, Reference: k.Reference, Err: e}
		}
		return e
	}
	return p.Malformed(k, resp.Body, "undecodable answer: "+err.Error())
}

// Malformed reports a 2xx answer that could not be read. For a call that
// changes state the work was done but its result is unknown, so the error
// is an unknown outcome carrying the call's reference; for a read it is an
// *payments.APIError of kind ErrMalformed.
func (p *Pipeline) Malformed(k *Call, raw []byte, msg string) error {
	apiErr := &payments.APIError{Provider: p.Provider, StatusCode: http.StatusOK, Message: msg, Raw: raw, Kind: payments.ErrMalformed}
	if k.Safe() {
		return apiErr
	}
	return &payments.UnknownOutcomeError{Provider: p.Provider, Operation: k.Op, Reference: k.Reference, Err: apiErr}
}
