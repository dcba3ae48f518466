package cryptoprocessing

import (
	"net/url"
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// Checks shared by the params' validate methods (each params type checks
// its own fields where it is declared).

// validateHTTPURL requires an absolute http(s) URL with a host.
func validateHTTPURL(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &payments.ValidationError{Field: field, Reason: "is required"}
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &payments.ValidationError{Field: field, Reason: "must be an absolute http(s) URL"}
	}
	return nil
}

// isDigits reports whether s is a positive decimal integer of sane length.
func isDigits(s string) bool {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validateForeignID checks a foreign_id against the API's limit.
func validateForeignID(id string) error {
	if len(id) > 255 {
		return &payments.ValidationError{Field: "foreign_id", Reason: "is longer than 255 characters"}
	}
	return nil
}

// validateConvertTo checks that a conversion, when asked, is to another
// currency: the API refuses a conversion into the same one.
func validateConvertTo(convertTo, currency string) error {
	if convertTo != "" && strings.EqualFold(convertTo, currency) {
		return &payments.ValidationError{Field: "convert_to", Reason: "must differ from currency"}
	}
	return nil
}
