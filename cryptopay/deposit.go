package cryptopay

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// Deposit channels and their customer.
//
// A deposit address (payments.DepositParams) is a channel whose custom_id
// is derived from the currencies and the customer, so asking again finds
// the same channel. Cryptopay's channel payments (the callbacks of a
// deposit) carry the channel's custom_id, so the customer is read back from
// it — inside the signed body, with no further request:
//
//   - "deposit:<PAY>:<RECV>:<customer>" when that fits the 255 bytes of a
//     custom_id (the form every earlier coinsdk release wrote, so existing
//     channels are found again). The currency codes hold no colon, so
//     everything after the third colon is the customer exactly.
//   - "deposit-sha256:<PAY>:<RECV>:<hex>" for a longer customer id: the
//     SHA-256 of the customer (never a truncation, which would give two
//     customers one address). The customer is then kept whole in the
//     channel's description (depositDescription) and Adapter.Refresh reads
//     it back from there, checked against the hash.
const (
	depositPrefix     = "deposit:"
	depositHashPrefix = "deposit-sha256:"
	depositDescPrefix = "coinsdk deposit address of customer "
)

// depositCustomID is the custom_id of the deposit channel of customer in
// pay, credited in recv.
func depositCustomID(pay, recv, customer string) string {
	if id := depositPrefix + pay + ":" + recv + ":" + customer; len(id) <= maxCustomID {
		return id
	}
	return depositHashPrefix + pay + ":" + recv + ":" + customerHash(customer)
}

func customerHash(customer string) string {
	sum := sha256.Sum256([]byte(customer))
	return hex.EncodeToString(sum[:])
}

// depositDescription is the description of a deposit channel: it keeps the
// whole customer id, for the hashed custom_id form.
func depositDescription(customer string) string { return depositDescPrefix + customer }

// depositCustomer reads the customer from a deposit channel's custom_id:
// ok is false for a custom_id that is not a deposit channel's; hashed is
// true (and customer "") for the hashed form, whose customer is in the
// channel's description.
func depositCustomer(customID string) (customer string, hashed, ok bool) {
	if rest, found := strings.CutPrefix(customID, depositPrefix); found {
		parts := strings.SplitN(rest, ":", 3)
		if len(parts) == 3 && parts[0] != "" && parts[1] != "" && parts[2] != "" {
			return parts[2], false, true
		}
		return "", false, false
	}
	if rest, found := strings.CutPrefix(customID, depositHashPrefix); found {
		parts := strings.SplitN(rest, ":", 3)
		if len(parts) == 3 && len(parts[2]) == 2*sha256.Size {
			return "", true, true
		}
	}
	return "", false, false
}

// customerFromChannel reads the customer of a hashed deposit custom_id
// from the channel's description, and returns it only when its hash is the
// one in the custom_id (an edited description names nobody).
func customerFromChannel(ch *Channel) string {
	if ch == nil {
		return ""
	}
	_, hashed, ok := depositCustomer(ch.CustomID)
	customer, found := strings.CutPrefix(ch.Description, depositDescPrefix)
	if !ok || !hashed || !found || !strings.HasSuffix(ch.CustomID, ":"+customerHash(customer)) {
		return ""
	}
	return customer
}

// paymentCustomer is the merchant's customer a channel payment belongs to:
// read from the deposit custom_id, else the channel's customer_id (a
// channel made outside coinsdk for a Cryptopay customer), else "".
func paymentCustomer(x *ChannelPayment) string {
	if customer, _, ok := depositCustomer(x.CustomID); ok {
		return customer
	}
	return x.CustomerID
}

// channelCustomer reads a hashed deposit channel's customer over the API
// (Refresh only; a signed callback is never made to wait on a request).
func (a *Adapter) channelCustomer(ctx context.Context, x *ChannelPayment) (string, error) {
	if _, hashed, ok := depositCustomer(x.CustomID); !ok || !hashed || x.ChannelID == "" {
		return "", nil
	}
	ch, err := a.c.Channels.Get(ctx, x.ChannelID)
	if err != nil {
		return "", err
	}
	return customerFromChannel(ch), nil
}
