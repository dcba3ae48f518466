package gateway

import (
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
)

// Settlement of the creates (see apicall.Settle): each create's answer is
// compared with what was asked, reference first, and an unknown outcome is
// settled by looking the object up by its reference where the API can:
//
//   - payments: by FindByReference (GET /payments, day by day), so a 500,
//     a timeout after sending or an unreadable answer to POST /payment ends
//     in the payment that was made, when it is found and is what was asked;
//   - withdrawals, dedicated addresses and transfers: never (Find is nil).
//     The API has no withdrawal list and no lookup by a custom field, and a
//     transfer carries no reference at all; their unknown outcomes stay
//     unknown, carrying the reference and the id the answer named. For
//     withdrawals the payouts journal (payouts.Sender) is what refuses to
//     send a reference twice.

// settlement settles a payment create: p as asked, sent the custom fields
// that carried ref.
func (s *PaymentsService) settlement(p *PaymentParams, sent CustomFields, ref string) apicall.Settlement[Payment] {
	return apicall.Settlement[Payment]{
		Object: "payment",
		Find:   s.FindByReference,
		Differs: func(got *Payment) string {
			switch {
			case got.CustomFields.echoed(sent, ref) != ref:
				return "reference"
			case got.AssetID != "" && !strings.EqualFold(got.AssetID, p.AssetID):
				return "asset_id"
			case !p.Amount.IsZero() && !got.Amount.Equal(p.Amount):
				return "amount"
			}
			return ""
		},
		ID: func(got *Payment) string { return got.PaymentID },
	}
}

// withdrawalSettlement checks a withdrawal create's answer with
// payments.MatchPayout's field names; nothing can look one up.
func withdrawalSettlement(p *WithdrawalParams, sent CustomFields, ref string) apicall.Settlement[Withdrawal] {
	return apicall.Settlement[Withdrawal]{
		Object: "withdrawal",
		Differs: func(got *Withdrawal) string {
			// An answer naming no asset states an unconverted withdrawal's
			// amount in the asset asked: it is compared too.
			sameAsset := strings.EqualFold(got.AssetID, p.AssetID) || got.AssetID == "" && p.WithdrawAssetID == ""
			switch {
			case got.CustomFields.echoed(sent, ref) != ref:
				return "reference"
			case sameAsset && !got.Amount.Equal(p.Amount):
				// A withdrawal converted into WithdrawAssetID states its
				// amount in that asset: only an amount in the asked asset
				// compares.
				return "amount"
			case got.AssetID != "" && !sameAsset && !strings.EqualFold(got.AssetID, p.WithdrawAssetID):
				return "amount.currency"
			case got.Address != "" && !payments.SameAddress(got.Address, p.Address):
				return "address"
			}
			return ""
		},
		ID: func(got *Withdrawal) string { return got.WithdrawID },
	}
}

// dedicatedSettlement checks a dedicated address create's answer: ours,
// and with an address.
func dedicatedSettlement(sent CustomFields, ref string) apicall.Settlement[DedicatedAddress] {
	return apicall.Settlement[DedicatedAddress]{
		Object: "dedicated address",
		Differs: func(got *DedicatedAddress) string {
			switch {
			case got.CustomFields.echoed(sent, ref) != ref:
				return "reference"
			case got.Address == "":
				return "address"
			}
			return ""
		},
		ID: func(got *DedicatedAddress) string { return got.DedicateID },
	}
}

// transferSettlement checks a transfer create's answer (a transfer carries
// no reference).
func transferSettlement(p *TransferParams) apicall.Settlement[Transfer] {
	return apicall.Settlement[Transfer]{
		Object: "transfer",
		Differs: func(got *Transfer) string {
			if strings.EqualFold(got.AssetID, p.AssetID) && !got.Amount.Equal(p.Amount) {
				return "amount"
			}
			return ""
		},
		ID: func(got *Transfer) string { return got.TransferID },
	}
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
