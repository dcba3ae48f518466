package apicall

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// Required checks a call's required text fields before any request: given
// name, value pairs (the name as the provider spells the field), it returns
// a *payments.ValidationError "is required" naming the first field whose
// value is empty or only white space, or nil. Every provider's params run
// this same check, so it is written once; the pairs stay on the caller's
// stack. An odd count of arguments is a programming error and panics.
func Required(nameValues ...string) error {
	if len(nameValues)%2 != 0 {
		panic("apicall.Required: name, value pairs expected")
	}
	for i := 0; i < len(nameValues); i += 2 {
		if strings.TrimSpace(nameValues[i+1]) == "" {
			return &payments.ValidationError{Field: nameValues[i], Reason: "is required"}
		}
	}
	return nil
}
