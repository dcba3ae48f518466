package httpcore

import (
	"net/url"
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// PathSegment escapes id once as one segment of Request.Path ("a b/c%d" →
// "a%20b%2Fc%25d"). It refuses, as a *payments.ValidationError on field, an
// empty id and one holding a "." or ".." step between slashes or
// backslashes: a server or proxy that decodes %2F would resolve it as a step
// to another endpoint ("../payouts").
func PathSegment(field, id string) (string, error) {
	if strings.TrimSpace(id) == "" {
		return "", &payments.ValidationError{Field: field, Reason: "is required"}
	}
	for _, step := range strings.FieldsFunc(id, func(r rune) bool { return r == '/' || r == '\\' }) {
		if step == "." || step == ".." {
			return "", &payments.ValidationError{Field: field, Reason: "cannot hold a relative path step (. or ..)"}
		}
	}
	if id == "." || id == ".." {
		return "", &payments.ValidationError{Field: field, Reason: "cannot hold a relative path step (. or ..)"}
	}
	return url.PathEscape(id), nil
}
