package main

import (
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/cryptochill"
)

// cryptochillReceiver verifies CryptoChill callbacks. CryptoChill signs only
// callback_id: the summary says so, and a server that credits orders must
// fetch the object from the API first (cryptochill.WebhooksService.Refresh,
// which needs API credentials).
func cryptochillReceiver(token string, previous []string) receiver {
	rc := receiver{name: "cryptochill"}
	if token == "" {
		rc.missing = "CRYPTOCHILL_CALLBACK_TOKEN"
		return rc
	}
	v := cryptochill.NewWebhookVerifier(append([]string{token}, previous...)...)
	rc.parse = func(r *http.Request) (string, string, error) {
		ev, err := v.Parse(r)
		if err != nil {
			return "", "", err
		}
		return ev.DedupeKey(), fmt.Sprintf("%s %s %s (callback_id verified; body not signed: refresh before crediting)",
			ev.Type, ev.Kind, ev.ObjectID()), nil
	}
	return rc
}
