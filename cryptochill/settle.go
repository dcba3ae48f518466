package cryptochill

import (
	"errors"
	"strconv"
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
)

// Settlement: how a create is checked against what was asked and, when its
// outcome is unknown, resolved (see apicall.Settle). CryptoChill keeps a
// payout's reference_id unique and lists payouts by it, so a payout create
// is settled by looking it up; an invoice's passthrough is neither unique
// nor searchable, so an invoice create is only checked against its answer.

// payoutSettlement settles a payout create that carried q.ReferenceID.
func (s *PayoutsService) payoutSettlement(q *PayoutParams) apicall.Settlement[Payout] {
	return apicall.Settlement[Payout]{
		Object:  "payout",
		Find:    s.FindByReference,
		Differs: func(po *Payout) string { return payoutDiffers(q, po) },
		ID:      func(po *Payout) string { return po.ID },
	}
}

// payoutDiffers names the first field of po, a payout returned for (or found
// by) q's reference, that differs from q, "" when none does: the reference,
// the kind, then recipient by recipient through payments.MatchPayout (its
// field names, under "recipients[i]."): each address, tag, requested amount
// and currency.
func payoutDiffers(q *PayoutParams, po *Payout) string {
	kind := q.Kind
	if kind == "" {
		kind = "BTC"
	}
	switch {
	case po.ReferenceID != "" && po.ReferenceID != q.ReferenceID:
		return "reference"
	case po.Kind != "" && !strings.EqualFold(po.Kind, kind):
		return "kind"
	case len(po.Recipients) != len(q.Recipients):
		return "recipients"
	}
	for i, r := range q.Recipients {
		got := po.Recipients[i]
		want := &payments.PayoutParams{Amount: payments.Money{Amount: r.Amount, Currency: r.Currency}, Address: r.Address, Reference: q.ReferenceID}
		if r.DestinationTag != nil {
			want.Tag = strconv.FormatUint(uint64(*r.DestinationTag), 10)
		}
		found := &payments.Payout{ID: po.ID, Reference: po.ReferenceID, Address: got.Address}
		if a, tag, ok := strings.Cut(got.Address, ":"); ok && want.Tag != "" && tag != "" {
			found.Address, found.Tag = a, tag // CryptoChill writes an XRP tag as "address:tag"
		} else if want.Tag != "" {
			found.Tag = want.Tag // the answer carries no tag to compare
		}
		if req := got.Amount.Requested; req != nil {
			found.Amount = payments.Money{Amount: req.Amount, Currency: req.Currency}
		}
		if r.Amount.IsZero() && kind == kindLightningToLightning {
			want.Amount.Amount = found.Amount.Amount // the payment request carries the amount
		}
		if field := matchField(payments.MatchPayout(want, found)); field != "" {
			return "recipients[" + strconv.Itoa(i) + "]." + field
		}
	}
	return ""
}

// invoiceSettlement checks an invoice create's answer against want, the
// adapter's request: its reference (the passthrough), requested amount and
// currency, through payments.MatchInvoice. There is no lookup (Find is nil):
// an answer that differs is an unknown outcome.
func invoiceSettlement(want *payments.InvoiceParams) apicall.Settlement[Invoice] {
	return apicall.Settlement[Invoice]{
		Object:  "invoice",
		Differs: func(inv *Invoice) string { return matchField(payments.MatchInvoice(want, toInvoice(inv))) },
		ID:      func(inv *Invoice) string { return inv.ID },
	}
}

// matchField is the field a payments.Match* error names ("" for none).
func matchField(err error) string {
	if err == nil {
		return ""
	}
	var me *payments.ReferenceMismatchError
	if errors.As(err, &me) {
		return me.Field
	}
	return "object"
}
