package cryptopay

import (
	"encoding/json"
	"strings"

	"github.com/shopspring/decimal"
)

// Exchange describes the conversion behind an invoice, payment or withdrawal.
type Exchange struct {
	// Pair is the currency pair ("BTCEUR").
	Pair string `json:"pair"`
	// Rate is the rate applied.
	Rate decimal.Decimal `json:"rate"`
	// Fee is the exchange fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is the fee's currency.
	FeeCurrency string `json:"fee_currency"`
}

// Risk is Cryptopay's assessment of a counterparty address.
type Risk struct {
	// Score is the risk score (a JSON number, e.g. 3.4027), kept exact.
	Score decimal.Decimal `json:"score"`
	// Level is "low", "medium" or "high".
	Level string `json:"level"`
	// ResourceName names what the address relates to, if known.
	ResourceName string `json:"resource_name"`
	// ResourceCategory is the category of that resource, if known.
	ResourceCategory string `json:"resource_category"`
}

// Beneficiary identifies the owner of an external wallet for the travel
// rule (coin withdrawals and invoice refunds). It is checked when
// TravelRuleCompliant is set.
type Beneficiary struct {
	// Type is BeneficiaryNaturalPerson or BeneficiaryLegalPerson.
	Type string `json:"type"`
	// Name is the person's or company's full name.
	Name string `json:"name"`
	// Address is the beneficiary's address.
	Address BeneficiaryAddress `json:"address"`
}

// BeneficiaryAddress is a beneficiary's postal address.
type BeneficiaryAddress struct {
	// Country is the ISO 3166-1 alpha-2 code ("DE").
	Country string `json:"country"`
	// City is the city.
	City string `json:"city"`
	// Line1 is the first address line.
	Line1 string `json:"line_1"`
	// Line2 is the second address line, if any.
	Line2 string `json:"line_2,omitempty"`
	// PostCode is the postal code.
	PostCode string `json:"post_code"`
}

// Beneficiary types.
const (
	// BeneficiaryNaturalPerson: a person.
	BeneficiaryNaturalPerson = "natural_person"
	// BeneficiaryLegalPerson: a company.
	BeneficiaryLegalPerson = "legal_person"
)

// validate checks the fields Cryptopay requires under the travel rule.
func (b *Beneficiary) validate(prefix string) error {
	if b == nil {
		return required(prefix, "")
	}
	return firstErr(
		oneOf(prefix+".type", b.Type, false, BeneficiaryNaturalPerson, BeneficiaryLegalPerson),
		required(prefix+".name", b.Name),
		required(prefix+".address.country", b.Address.Country),
		required(prefix+".address.city", b.Address.City),
		required(prefix+".address.line_1", b.Address.Line1),
		required(prefix+".address.post_code", b.Address.PostCode),
	)
}

// rawJSON is embedded in models to keep the provider's JSON.
type rawJSON struct {
	// Raw is the object's JSON as the API sent it.
	Raw json.RawMessage `json:"-"`
}

func (r *rawJSON) setRaw(b json.RawMessage) { r.Raw = b }

// SplitTag splits Cryptopay's "address?dt=<tag>" form (XRP and other
// destination-tag networks) into the address and the tag. An address
// without the suffix is returned as is with an empty tag; "?dt=0" means no
// tag and gives "".
func SplitTag(address string) (addr, tag string) {
	a, t, ok := strings.Cut(address, "?dt=")
	if !ok {
		return address, ""
	}
	if t == "0" {
		t = ""
	}
	return a, t
}

// JoinTag writes address and tag in Cryptopay's "address?dt=<tag>" form; an
// empty tag leaves the address as is.
func JoinTag(address, tag string) string {
	if tag == "" {
		return address
	}
	return address + "?dt=" + tag
}
