// Package adapterkit holds what every provider's payments adapter does the
// same way: the checks each method makes first (a client, valid
// parameters, an event it can refresh) and the error of an adapter without
// a client, the capabilities of a full, verify-only or inert adapter,
// reaching the client through As, mapping a service's answer to the
// payments vocabulary, the reference every create carries, ParseWebhook,
// and re-reading a webhook's object for Refresh. A provider's adapter.go
// keeps only what is its own: which call, which parameters, which mapping.
package adapterkit

import (
	"context"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
)

// As sets *target to c when target is a non-nil **C and c is not nil: the
// Adapter.As of every provider, whose C is its *Client.
func As[C any](target any, c *C) bool {
	if t, ok := target.(**C); ok && t != nil && c != nil {
		*t = c
		return true
	}
	return false
}

// NoClient is the error of every API method of an adapter without a client
// (a verify-only NewWebhookAdapter, or NewAdapter(nil, …)): op names the
// call, credentials what the provider's New needs, and the error matches
// payments.ErrUnsupported.
func NoClient(provider, credentials, op string) error {
	return fmt.Errorf("%s: %s needs %s (%s.New and NewAdapter): %w", provider, op, credentials, provider, payments.ErrUnsupported)
}

// Ready is what every create checks first, in this order: that the adapter
// has an API client c (else noClient(op), the provider's error matching
// payments.ErrUnsupported, op naming the call), then p's own validation.
func Ready[C any](c *C, noClient func(op string) error, op string, p interface{ Validate() error }) error {
	if c == nil {
		return noClient(op)
	}
	return p.Validate()
}

// Capabilities is what an adapter offers: full with an API client c;
// verifyOnly with only a webhook verifier wh (payments.CapWebhooks where
// the provider signs the whole body, so its events can be processed as
// received; none where every event must be refreshed from the API); none
// for the inert adapter of NewAdapter(nil, …).
func Capabilities[C, W any](c *C, wh *W, verifyOnly, full payments.Capabilities) payments.Capabilities {
	switch {
	case c != nil:
		return full
	case wh != nil:
		return verifyOnly
	}
	return 0
}

// Map maps a service's answer to the payments vocabulary with to, or passes
// its error on unchanged (so errors.Is and errors.As still see the
// provider's typed error).
func Map[M, R any](m M, err error, to func(M) R) (R, error) {
	if err != nil {
		var zero R
		return zero, err
	}
	return to(m), nil
}

// Reference is the merchant's reference, or a fresh UUID when it is empty:
// every create that moves money carries one, so an unknown outcome can name
// it and a retry can be deduplicated.
func Reference(ref string) string {
	if ref == "" {
		return uuid.NewString()
	}
	return ref
}

// ParseWebhook is every adapter's ParseWebhook: it verifies and parses r
// with parse, the provider's (*WebhooksService).Parse, over wh, and maps
// the event with to. An adapter without a verifier (NewAdapter(nil, …))
// has a nil wh: noClient("parse webhook"), an error matching
// payments.ErrUnsupported.
func ParseWebhook[W, E any](wh *W, parse func(*W, *http.Request) (E, error), noClient func(op string) error, r *http.Request, to func(E) *payments.Event) (*payments.Event, error) {
	if wh == nil {
		return nil, noClient("parse webhook")
	}
	ev, err := parse(wh, r)
	return Map(ev, err, to)
}

// Refetch is Refresh for a provider whose event is rebuilt from the raw
// body ParseWebhook kept. It checks first, in this order, that the adapter
// has what refreshing needs (need; nil: noClient("refresh")) and that ev
// kept its raw body (else a *payments.ValidationError); then it parses
// ev.Raw again with parse (its WebhooksService.ParseBody, verifying the
// body where the provider signs it; with no header, as a kept body has
// none) and fetches the event's object from the API with refresh.
func Refetch[N, E any](ctx context.Context, need *N, noClient func(op string) error, ev *payments.Event,
	parse func([]byte, http.Header) (E, error), refresh func(context.Context, E) (E, error)) (E, error) {
	var zero E
	if need == nil {
		return zero, noClient("refresh")
	}
	if ev == nil || len(ev.Raw) == 0 {
		return zero, &payments.ValidationError{Field: "event", Reason: "needs the raw body ParseWebhook kept"}
	}
	parsed, err := parse(ev.Raw, nil)
	if err != nil {
		return zero, err
	}
	return refresh(ctx, parsed)
}

// RefreshID is what a Refresh that reads the event's object by its id
// checks first, in this order: that the adapter has what refreshing needs
// (need; nil: noClient("refresh")), then that ev names an object (else a
// *payments.ValidationError). It returns the object's id.
func RefreshID[N any](need *N, noClient func(op string) error, ev *payments.Event) (string, error) {
	if need == nil {
		return "", noClient("refresh")
	}
	if ev == nil || ev.ObjectID == "" {
		return "", &payments.ValidationError{Field: "id", Reason: "the event has no object id"}
	}
	return ev.ObjectID, nil
}
