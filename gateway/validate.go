package gateway

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// MaxTimeout is the longest payment or withdrawal waiting time the API
// accepts, in minutes.
const MaxTimeout = 1440

// Payer languages the API documents.
var payerLangs = map[string]bool{"ar": true, "en": true, "es": true, "fa": true, "fr": true, "ja": true, "pt": true, "ru": true, "tr": true, "zh": true}

// validAsset checks an asset id ("BTC", "USDT.TRC20").
func validAsset(field, id string, required bool) error {
	if id == "" {
		if required {
			return &payments.ValidationError{Field: field, Reason: "is required"}
		}
		return nil
	}
	if len(id) > 32 {
		return &payments.ValidationError{Field: field, Reason: "is longer than 32 characters"}
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		ok := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (i > 0 && (c == '.' || c == '_' || c == '-'))
		if !ok {
			return &payments.ValidationError{Field: field, Reason: fmt.Sprintf("%q is not an asset id (letters, digits, '.', '_', '-')", httpcore.Truncate(id, 40))}
		}
	}
	return nil
}

// Precision returns how many decimal places an asset id is divisible into,
// when known: the token before a network suffix decides ("USDT.TRC20" →
// USDT's 6). The API's own table (Assets.List, field precision) is the
// authority; this is what the SDK checks locally before sending.
func Precision(assetID string) (int32, bool) {
	token, _, _ := strings.Cut(strings.TrimSpace(assetID), ".")
	return payments.Precision(token)
}

// validAmount checks that amount is positive, of a sane length, and fits
// the asset's precision (payments.ValidateAmount over the token before the
// network suffix, as Precision reads it).
func validAmount(field string, amount decimal.Decimal, assetID string) error {
	if amount.IsPositive() && len(amount.String()) > 60 {
		return &payments.ValidationError{Field: field, Reason: "has too many digits"}
	}
	token, _, _ := strings.Cut(strings.TrimSpace(assetID), ".")
	return payments.ValidateAmount(field, amount, token)
}

// validAddress checks a blockchain address: present, printable, no spaces.
func validAddress(field, addr string) error {
	if strings.TrimSpace(addr) == "" {
		return &payments.ValidationError{Field: field, Reason: "is required"}
	}
	if len(addr) > 128 {
		return &payments.ValidationError{Field: field, Reason: "is longer than 128 characters"}
	}
	for _, r := range addr {
		if r <= ' ' || r == 0x7f || r > 0x7e {
			return &payments.ValidationError{Field: field, Reason: "contains a space or a character that is not printable ASCII"}
		}
	}
	return nil
}

// validTimeout checks a waiting time in minutes (0 leaves the default).
func validTimeout(t int) error {
	if t < 0 || t > MaxTimeout {
		return &payments.ValidationError{Field: "timeout", Reason: fmt.Sprintf("must be between 0 and %d minutes", MaxTimeout)}
	}
	return nil
}

// validPayer checks the optional payer fields.
func validPayer(email, lang string) error {
	if email != "" && (!strings.Contains(email, "@") || strings.ContainsAny(email, " \t\r\n") || len(email) > 254) {
		return &payments.ValidationError{Field: "payer_email", Reason: "is not an e-mail address"}
	}
	if lang != "" && !payerLangs[lang] {
		return &payments.ValidationError{Field: "payer_lang", Reason: "must be one of ar, en, es, fa, fr, ja, pt, ru, tr, zh"}
	}
	return nil
}

// validURL checks an optional absolute http(s) URL.
func validURL(field, s string) error {
	if s == "" || plainURL(s) {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return &payments.ValidationError{Field: field, Reason: "must be an absolute http(s) URL"}
	}
	return nil
}

// plainURL reports, without url.Parse's allocations, whether s is an
// http(s) URL of the plain shape nearly every success or cancel URL has:
// the scheme, a host of letters, digits, dots and dashes, an optional
// numeric port, then printable ASCII without spaces whose percent signs
// start valid escapes. url.Parse accepts every such string; anything else
// (userinfo, IPv6, non-ASCII, an odd port) is left to url.Parse.
func plainURL(s string) bool {
	var rest string
	switch {
	case strings.HasPrefix(s, "https://"):
		rest = s[len("https://"):]
	case strings.HasPrefix(s, "http://"):
		rest = s[len("http://"):]
	default:
		return false
	}
	i := 0
	for i < len(rest) && (isAlnum(rest[i]) || rest[i] == '.' || rest[i] == '-') {
		i++
	}
	if i == 0 {
		return false
	}
	if i < len(rest) && rest[i] == ':' {
		j := i + 1
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		if j == i+1 || j-i-1 > 5 {
			return false
		}
		i = j
	}
	if i < len(rest) && rest[i] != '/' && rest[i] != '?' && rest[i] != '#' {
		return false
	}
	for ; i < len(rest); i++ {
		c := rest[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return false
		case c == '%':
			if i+2 >= len(rest) || !isHex(rest[i+1]) || !isHex(rest[i+2]) {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// validCustom checks custom1 … custom9 and custom for control characters.
func validCustom(c *CustomFields) error {
	for i, s := range c.slots() {
		if len(*s) > 1024 {
			return &payments.ValidationError{Field: fmt.Sprintf("custom%d", i+1), Reason: "is longer than 1024 characters"}
		}
	}
	if len(c.Custom) > 8192 {
		return &payments.ValidationError{Field: "custom", Reason: "is longer than 8192 characters"}
	}
	return nil
}
