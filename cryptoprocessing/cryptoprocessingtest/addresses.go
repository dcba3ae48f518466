package cryptoprocessingtest

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
)

// address is a deposit address handed out by addresses/take.
type address struct {
	id         int64
	cur        *currencyInfo
	conv       *currencyInfo // convert_to, nil when deposits stay in cur
	text       string
	tag        int64 // destination tag, 0 when the currency has none
	foreignID  string
	endUserRef string
}

// tagValue is the tag as the provider sends it: a number, or null.
func (a *address) tagValue() any {
	if a.tag == 0 {
		return nil
	}
	return a.tag
}

// depositKey is what Server.Deposit takes: the address, plus "?dt=TAG" (the
// XRP URI convention) when several customers share one address.
func (a *address) depositKey() string {
	if a.tag == 0 {
		return a.text
	}
	return fmt.Sprintf("%s?dt=%d", a.text, a.tag)
}

func (a *address) convertCode() string {
	if a.conv == nil {
		return ""
	}
	return a.conv.code
}

// json renders crypto_address; withForeignID is true for deposits, whose
// customer reference lives there rather than at the callback's root.
func (a *address) json(withForeignID bool) *addressJSON {
	j := &addressJSON{ID: a.id, Currency: a.cur.code, ConvertTo: a.convertCode(), Address: a.text, Tag: a.tagValue()}
	if withForeignID {
		j.ForeignID = a.foreignID
	}
	return j
}

// Alphabets for addresses that look like the real thing to a human reader.
const (
	bech32Chars = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	rippleChars = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz"
	hexChars    = "0123456789abcdef"
)

// fakeAddress derives a plausible address from a seed. It is deterministic so
// that examples print the same thing on every run; it is not a valid address
// on any chain.
func fakeAddress(currency, seed string) string {
	switch currency {
	case "BTC":
		return "bc1q" + fromSeed(seed, bech32Chars, 38)
	case "LTC":
		return "ltc1q" + fromSeed(seed, bech32Chars, 38)
	case "XRP":
		return "r" + fromSeed(seed, rippleChars, 33)
	default: // ETH and ERC-20 tokens
		return "0x" + fromSeed(seed, hexChars, 40)
	}
}

// fromSeed stretches a seed into n characters of an alphabet.
func fromSeed(seed, alphabet string, n int) string {
	var b strings.Builder
	for block := 0; b.Len() < n; block++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", seed, block)))
		for _, x := range sum {
			if b.Len() == n {
				break
			}
			b.WriteByte(alphabet[int(x)%len(alphabet)])
		}
	}
	return b.String()
}

// newAddressLocked creates and indexes a deposit address. Tagged currencies
// share one address per merchant and tell customers apart by tag.
func (s *Server) newAddressLocked(cur, conv *currencyInfo, foreignID, endUserRef string) *address {
	a := &address{id: s.newAddrIDLocked(), cur: cur, conv: conv, foreignID: foreignID, endUserRef: endUserRef}
	if cur.tagged {
		a.text = fakeAddress(cur.code, s.APIKey+"/"+cur.code)
		s.nextTag++
		a.tag = s.nextTag
	} else {
		a.text = fakeAddress(cur.code, fmt.Sprintf("%s/%s/%d", s.APIKey, cur.code, a.id))
	}
	s.addrByText[a.depositKey()] = a
	return a
}

// addressTakeJSON is the data of addresses/take.
type addressTakeJSON struct {
	ID               int64   `json:"id"`
	Currency         string  `json:"currency"`
	ConvertTo        *string `json:"convert_to"`
	Address          string  `json:"address"`
	Tag              any     `json:"tag"`
	ForeignID        string  `json:"foreign_id"`
	EndUserReference *string `json:"end_user_reference"`
}

// addressesTake serves addresses/take. The same customer (foreign_id),
// currency and convert_to get the same address back, since the provider says
// an address can be reused without limit.
func (s *Server) addressesTake(c *call) reply {
	f := c.form
	cur := f.currency("currency", true)
	if cur != nil && !cur.crypto() {
		f.fail("currency", "The selected currency is invalid.")
	}
	foreignID := f.text("foreign_id", true, true)
	conv := f.currency("convert_to", false)
	if cur != nil && conv != nil && conv == cur {
		f.fail("convert_to", "The convert to and currency must be different.")
	}
	endUserRef := f.text("end_user_reference", false, true)
	if !f.ok() {
		return errorsReply(http.StatusBadRequest, f.errs)
	}

	key := cur.code + "\x00" + foreignID
	if conv != nil {
		key += "\x00" + conv.code
	}
	a := s.addresses[key]
	if a == nil {
		a = s.newAddressLocked(cur, conv, foreignID, endUserRef)
		s.addresses[key] = a
	}
	out := addressTakeJSON{ID: a.id, Currency: a.cur.code, Address: a.text, Tag: a.tagValue(), ForeignID: a.foreignID}
	if a.conv != nil {
		out.ConvertTo = &a.conv.code
	}
	if a.endUserRef != "" {
		out.EndUserReference = &a.endUserRef
	}
	return dataReply(http.StatusCreated, out)
}
