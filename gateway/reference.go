package gateway

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
)

// ReferenceKey is the key of the custom JSON object under which the SDK
// carries the merchant's reference: the documentation's own examples keep
// an "idempotence" key there.
const ReferenceKey = "idempotence"

// ReferencePrefix marks a reference carried in a customN field, used only
// when the merchant's custom holds text that is not a JSON object.
const ReferencePrefix = "coinsdk-ref:"

// maxReference bounds a merchant reference.
const maxReference = 255

// CustomFields are the free fields a payment, withdrawal or dedicated
// address carries and sends back in every answer and webhook: custom (any
// text, often a JSON object) and custom1 … custom9 (simple values).
type CustomFields struct {
	// Custom is any text; a JSON object is usual. The SDK adds its
	// "idempotence" key to an object (or creates {"idempotence": …} when
	// empty), keeping the merchant's own keys byte for byte.
	Custom string `json:"custom,omitempty"`
	// Custom1 is a simple value.
	Custom1 string `json:"custom1,omitempty"`
	// Custom2 is a simple value.
	Custom2 string `json:"custom2,omitempty"`
	// Custom3 is a simple value.
	Custom3 string `json:"custom3,omitempty"`
	// Custom4 is a simple value.
	Custom4 string `json:"custom4,omitempty"`
	// Custom5 is a simple value.
	Custom5 string `json:"custom5,omitempty"`
	// Custom6 is a simple value.
	Custom6 string `json:"custom6,omitempty"`
	// Custom7 is a simple value.
	Custom7 string `json:"custom7,omitempty"`
	// Custom8 is a simple value.
	Custom8 string `json:"custom8,omitempty"`
	// Custom9 is a simple value; it carries the SDK's reference when Custom
	// holds text that is not a JSON object and Custom9 is free.
	Custom9 string `json:"custom9,omitempty"`
}

// slots lists custom1 … custom9 by number (index 0 is custom1).
func (c *CustomFields) slots() [9]*string {
	return [9]*string{&c.Custom1, &c.Custom2, &c.Custom3, &c.Custom4, &c.Custom5, &c.Custom6, &c.Custom7, &c.Custom8, &c.Custom9}
}

// Reference returns the merchant reference the fields carry: custom's
// "idempotence" key when custom is a JSON object holding one, else a customN
// value starting with ReferencePrefix (without the prefix), else "".
func (c CustomFields) Reference() string {
	if ref, ok := objectReference(c.Custom); ok {
		return ref
	}
	for _, s := range c.slots() {
		if strings.HasPrefix(*s, ReferencePrefix) {
			return strings.TrimPrefix(*s, ReferencePrefix)
		}
	}
	return ""
}

// echoed returns the reference c carries, knowing that sent (which carries
// ref) is what the request sent: an answer that echoes the fields byte for
// byte carries ref without parsing custom again (the usual case, and the
// whole cost of a create's echo check otherwise); any other answer is read
// by Reference.
func (c CustomFields) echoed(sent CustomFields, ref string) string {
	if c == sent {
		return ref
	}
	return c.Reference()
}

// objectReference reads the "idempotence" string of a custom JSON object.
func objectReference(custom string) (string, bool) {
	b := bytes.TrimSpace([]byte(custom))
	if len(b) == 0 || b[0] != '{' {
		return "", false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(b, &obj) != nil {
		return "", false
	}
	raw, ok := obj[ReferenceKey]
	if !ok {
		return "", false
	}
	var ref string
	if json.Unmarshal(raw, &ref) != nil {
		return strings.TrimSpace(string(raw)), true // a number, kept as written
	}
	return ref, true
}

// withReference returns a copy of c that carries a reference, and that
// reference, never clobbering what the merchant put there:
//
//   - custom empty: custom = {"idempotence": ref};
//   - custom a JSON object without the key: the key is inserted first, the
//     merchant's own keys kept byte for byte;
//   - custom a JSON object with the key: its value is the reference (ref
//     must be empty or equal to it);
//   - custom other text: the first free customN from custom9 down gets
//     ReferencePrefix + ref; with none free it is a validation error.
//
// An empty ref (and none already carried) becomes a new UUID.
func withReference(c CustomFields, ref string) (CustomFields, string, error) {
	if len(ref) > maxReference || !utf8.ValidString(ref) || strings.TrimSpace(ref) != ref {
		return c, "", &payments.ValidationError{Field: "reference", Reason: "must be valid UTF-8 of at most 255 characters without surrounding spaces"}
	}
	if have := c.Reference(); have != "" {
		if ref != "" && have != ref {
			return c, "", &payments.ValidationError{Field: "custom", Reason: "already carries another reference (" + ReferenceKey + ")"}
		}
		return c, have, nil
	}
	if ref == "" {
		ref = uuid.NewString()
	}
	q, _ := json.Marshal(ref) // a string always marshals
	quoted := string(q)
	trimmed := strings.TrimSpace(c.Custom)
	switch {
	case trimmed == "":
		c.Custom = `{"` + ReferenceKey + `":` + quoted + `}`
		return c, ref, nil
	case trimmed[0] == '{' && json.Valid([]byte(trimmed)):
		rest := strings.TrimSpace(trimmed[1:])
		sep := ","
		if strings.HasPrefix(rest, "}") {
			sep = ""
		}
		c.Custom = `{"` + ReferenceKey + `":` + quoted + sep + trimmed[1:]
		return c, ref, nil
	}
	slots := c.slots()
	for i := len(slots) - 1; i >= 0; i-- {
		if *slots[i] == "" {
			*slots[i] = ReferencePrefix + ref
			return c, ref, nil
		}
	}
	return c, "", &payments.ValidationError{Field: "custom", Reason: "holds text that is not a JSON object and custom1…custom9 are all used: no room for the reference"}
}
