package payments

import (
	"strconv"
	"strings"
)

// ReferenceMismatchError reports that an object found by the merchant's
// reference is not the one that was asked for: the reference was already
// used for another payout (or invoice). It matches ErrDuplicateReference
// with errors.Is. It names the differing field, never its values.
type ReferenceMismatchError struct {
	// Object is "payout" or "invoice".
	Object string
	// Reference is the merchant reference that was looked up.
	Reference string
	// ID is the provider's id of the object found, if it has one.
	ID string
	// Field names the first field that differs: "reference", "amount",
	// "amount.currency", "asset", "address" or "tag".
	Field string
}

// Error names the reference, the object found and the field that differs.
func (e *ReferenceMismatchError) Error() string {
	msg := "coinsdk: reference " + strconv.Quote(e.Reference) + " is already used by another " + e.Object
	if e.ID != "" {
		msg += " (id " + strconv.Quote(e.ID) + ")"
	}
	return msg + ": its " + e.Field + " differs from what was asked"
}

// Is makes errors.Is(err, ErrDuplicateReference) true.
func (e *ReferenceMismatchError) Is(target error) bool { return target == ErrDuplicateReference }

// MatchPayout reports whether got, a payout found by want.Reference (after an
// unknown outcome, a duplicate-reference answer, or in a create's answer), is
// the payout want asked for. It is the one place every adapter compares: the
// amount (exactly, and its currency when got reports one), the asset (when
// both name one), the destination address (ignoring case and surrounding
// spaces) and the tag. A payout that does not match returns a
// *ReferenceMismatchError, which matches ErrDuplicateReference: the reference
// was used before for something else, and the found payout must never be
// returned as the caller's.
//
// Adapters fill Payout.Asset in the spelling PayoutParams.Asset uses, so the
// two compare.
func MatchPayout(want *PayoutParams, got *Payout) error {
	if want == nil || got == nil {
		return &ReferenceMismatchError{Object: "payout", Field: "payout"}
	}
	c := found{object: "payout", reference: want.Reference, id: got.ID}
	if want.Reference != "" && got.Reference != "" && got.Reference != want.Reference {
		return c.differs("reference")
	}
	if err := c.amount(got.Amount, want.Amount); err != nil {
		return err
	}
	switch {
	case want.Asset != "" && got.Asset != "" && !sameCode(got.Asset, want.Asset):
		return c.differs("asset")
	case !SameAddress(got.Address, want.Address):
		return c.differs("address")
	case strings.TrimSpace(got.Tag) != strings.TrimSpace(want.Tag):
		return c.differs("tag")
	}
	return nil
}

// MatchInvoice reports whether got, an invoice found by want.Reference, is the
// invoice want asked for: the same reference and the same requested amount
// and currency. A mismatch is a *ReferenceMismatchError matching
// ErrDuplicateReference.
func MatchInvoice(want *InvoiceParams, got *Invoice) error {
	if want == nil || got == nil {
		return &ReferenceMismatchError{Object: "invoice", Field: "invoice"}
	}
	c := found{object: "invoice", reference: want.Reference, id: got.ID}
	if want.Reference != "" && got.Reference != want.Reference {
		return c.differs("reference")
	}
	return c.amount(got.Requested, want.Amount)
}

// found is an object found by the merchant's reference, being compared
// with what was asked: MatchPayout's and MatchInvoice's one way to say
// which field differs.
type found struct{ object, reference, id string }

// differs is the *ReferenceMismatchError naming field.
func (c found) differs(field string) error {
	return &ReferenceMismatchError{Object: c.object, Reference: c.reference, ID: c.id, Field: field}
}

// amount compares the amount the found object reports with the one asked
// for: exactly, and its currency when the object reports one.
func (c found) amount(got, want Money) error {
	switch {
	case !got.Amount.Equal(want.Amount):
		return c.differs("amount")
	case got.Currency != "" && !sameCode(got.Currency, want.Currency):
		return c.differs("amount.currency")
	}
	return nil
}

// sameCode reports whether two currency or asset codes are the same,
// ignoring case and surrounding spaces.
func sameCode(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// SameAddress reports whether a and b name the same destination, by the
// rules of the address's format, ignoring surrounding spaces:
//   - EVM hex addresses (0x and 40 hex digits) compare without regard to
//     case: the mixed case of EIP-55 is only a checksum, and providers echo
//     either form;
//   - bech32 and bech32m (bc1…, tb1…, ltc1…) and cashaddr (bitcoincash:q…)
//     are case-insensitive by their specifications, but only when each side
//     is written in one case (a mixed-case bech32 string is invalid);
//   - everything else (base58: legacy Bitcoin, Tron, Solana; XRP, Stellar …)
//     compares exactly: in base58 "a" and "A" are different digits, so two
//     addresses differing only in case are two destinations.
//
// It is the one address comparison coinsdk makes (MatchPayout and every
// adapter's echo checks use it).
func SameAddress(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == b {
		return a != ""
	}
	if len(a) != len(b) || !strings.EqualFold(a, b) {
		return false
	}
	// They differ only in case: equal only where the format ignores case.
	return caseInsensitiveFormat(a) && caseInsensitiveFormat(b)
}

// caseInsensitiveFormat reports whether s is written in a format whose
// letters' case carries no meaning: EVM hex, or a one-case bech32/cashaddr.
func caseInsensitiveFormat(s string) bool {
	if len(s) == 42 && (s[:2] == "0x" || s[:2] == "0X") {
		return isHex(s[2:])
	}
	if strings.ToLower(s) != s && strings.ToUpper(s) != s {
		return false // mixed case: not a valid bech32 or cashaddr
	}
	lower := strings.ToLower(s)
	sep := strings.LastIndexAny(lower, "1:")
	if sep < 1 || len(lower)-sep-1 < 6 {
		return false
	}
	for _, c := range lower[sep+1:] {
		if !strings.ContainsRune(bech32Charset, c) {
			return false
		}
	}
	return true
}

// bech32Charset is the data alphabet of bech32, bech32m and cashaddr.
const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
