package cryptopay

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// CommitWindow is how long an uncommitted coin withdrawal (force_commit
// false) waits for its commit before it expires and nothing is paid.
const CommitWindow = 30 * time.Second

// Network fee levels of a coin withdrawal.
const (
	// FeeLevelSlow: the cheapest, slowest fee.
	FeeLevelSlow = "slow"
	// FeeLevelAverage: the default.
	FeeLevelAverage = "average"
	// FeeLevelFast: the fastest, most expensive fee.
	FeeLevelFast = "fast"
)

// ErrCommitExpired is a two-step coin withdrawal whose commit came too late
// (more than CommitWindow after its creation): it expired, nothing was paid.
// Create a new one (with a new custom_id).
var ErrCommitExpired = errors.New("cryptopay: coin withdrawal expired before its commit")

// CoinWithdrawalsService sends crypto: coin withdrawals, in one step
// (Send) or in two (Quote, then CommitQuote).
type CoinWithdrawalsService service

// CoinWithdrawalParams creates a coin withdrawal. Exactly one of
// ChargedAmount, ChargedAmountToSend and ReceivedAmount must be set.
type CoinWithdrawalParams struct {
	// Address is the recipient's wallet. For destination-tag networks
	// either set Tag or write "address?dt=<tag>" ("?dt=0" for no tag).
	// Required.
	Address string `json:"address"`
	// Tag is the destination tag, sent as Address + "?dt=" + Tag.
	Tag string `json:"-"`
	// ChargedCurrency is the account the payout is paid from. Required.
	ChargedCurrency string `json:"charged_currency"`
	// ReceivedCurrency is the crypto the recipient receives. Required.
	ReceivedCurrency string `json:"received_currency"`
	// ChargedAmount is the total taken from the account, fees included.
	ChargedAmount *decimal.Decimal `json:"charged_amount,omitempty"`
	// ChargedAmountToSend is the amount, in the charged currency, converted
	// and sent; fees are added on top.
	ChargedAmountToSend *decimal.Decimal `json:"charged_amount_to_send,omitempty"`
	// ReceivedAmount is the exact amount the recipient receives.
	ReceivedAmount *decimal.Decimal `json:"received_amount,omitempty"`
	// Network is the received currency's network, when it has several.
	Network string `json:"network,omitempty"`
	// CustomID is the merchant's unique reference; a UUID is filled in when
	// empty. It makes the create safe to retry and is the lookup key.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer id.
	CustomerID string `json:"customer_id,omitempty"`
	// NetworkFeeLevel is FeeLevelSlow, FeeLevelAverage (the default) or FeeLevelFast.
	NetworkFeeLevel string `json:"network_fee_level,omitempty"`
	// ForceCommit sends the withdrawal at once. False (the API's default)
	// creates a quote that must be committed within CommitWindow. Send
	// and Quote set it for you.
	ForceCommit bool `json:"force_commit"`
	// TravelRuleCompliant turns on the beneficiary checks; Beneficiary is
	// then required.
	TravelRuleCompliant bool `json:"travel_rule_compliant,omitempty"`
	// Beneficiary is the wallet's owner, for the travel rule.
	Beneficiary *Beneficiary `json:"beneficiary,omitempty"`
}

// Validate checks the parameters locally.
func (p *CoinWithdrawalParams) Validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validateAddress(p.Address, p.Tag); err != nil {
		return err
	}
	if err := firstErr(
		validateCurrency("charged_currency", p.ChargedCurrency, true),
		validateCurrency("received_currency", p.ReceivedCurrency, true),
		validateCustomID(p.CustomID),
		oneOf("network_fee_level", p.NetworkFeeLevel, true, FeeLevelSlow, FeeLevelAverage, FeeLevelFast),
	); err != nil {
		return err
	}
	set := 0
	for _, a := range []struct {
		field    string
		v        *decimal.Decimal
		currency string
	}{
		{"charged_amount", p.ChargedAmount, p.ChargedCurrency},
		{"charged_amount_to_send", p.ChargedAmountToSend, p.ChargedCurrency},
		{"received_amount", p.ReceivedAmount, p.ReceivedCurrency},
	} {
		if a.v == nil {
			continue
		}
		set++
		if err := validateAmount(a.field, *a.v, a.currency); err != nil {
			return err
		}
	}
	if set != 1 {
		return &payments.ValidationError{Field: "charged_amount", Reason: "exactly one of charged_amount, charged_amount_to_send and received_amount must be set"}
	}
	if p.TravelRuleCompliant {
		return p.Beneficiary.validate("beneficiary")
	}
	return nil
}

// validateAddress checks an address and its destination tag, in either form.
func validateAddress(address, tag string) error {
	if strings.TrimSpace(address) == "" {
		return &payments.ValidationError{Field: "address", Reason: "is required"}
	}
	if strings.ContainsAny(address, " \t\r\n") {
		return &payments.ValidationError{Field: "address", Reason: "contains white space"}
	}
	a, inline, hasInline := strings.Cut(address, "?dt=")
	if a == "" {
		return &payments.ValidationError{Field: "address", Reason: "is required"}
	}
	if hasInline && tag != "" {
		return &payments.ValidationError{Field: "address", Reason: "carries ?dt= and Tag is set too: use one"}
	}
	if hasInline {
		tag = inline
	}
	if tag != "" && !isDigits(tag) {
		return &payments.ValidationError{Field: "address", Reason: "destination tag must be digits"}
	}
	if hasInline && tag == "" {
		return &payments.ValidationError{Field: "address", Reason: "?dt= needs a tag (0 for none)"}
	}
	return nil
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// wire returns the parameters as sent, the one copy of p a create makes:
// the tag joined to the address, force_commit as asked, the custom_id
// filled in with a UUID when empty (the one place it is minted).
func (p *CoinWithdrawalParams) wire(force bool) *CoinWithdrawalParams {
	q := *p
	q.Address, q.Tag, q.ForceCommit = JoinTag(p.Address, p.Tag), "", force
	if q.CustomID == "" {
		q.CustomID = uuid.NewString()
	}
	return &q
}

// CoinWithdrawal is a Cryptopay coin withdrawal (a payout).
type CoinWithdrawal struct {
	// ID is Cryptopay's id (a UUID).
	ID string `json:"id"`
	// CustomID is the merchant's reference.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer id.
	CustomerID string `json:"customer_id"`
	// Address is the destination, "address?dt=<tag>" for tag networks.
	Address string `json:"address"`
	// Network is the network used.
	Network string `json:"network"`
	// TxID is the blockchain transaction id, once sent.
	TxID string `json:"txid"`
	// Status is one of the CoinWithdrawalStatus constants.
	Status CoinWithdrawalStatus `json:"status"`
	// ChargedAmount is what was taken from the account.
	ChargedAmount decimal.Decimal `json:"charged_amount"`
	// ChargedCurrency is the account's currency.
	ChargedCurrency string `json:"charged_currency"`
	// ReceivedAmount is what the recipient receives.
	ReceivedAmount decimal.Decimal `json:"received_amount"`
	// ReceivedCurrency is the crypto sent.
	ReceivedCurrency string `json:"received_currency"`
	// NetworkFee is the network fee.
	NetworkFee decimal.Decimal `json:"network_fee"`
	// NetworkFeeLevel is the fee level used.
	NetworkFeeLevel string `json:"network_fee_level"`
	// Fee is Cryptopay's fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is the fee's currency.
	FeeCurrency string `json:"fee_currency"`
	// Exchange is the conversion from charged to received currency.
	Exchange *Exchange `json:"exchange"`
	// Risk is the destination's risk assessment, if any.
	Risk *Risk `json:"risk"`
	// CreatedAt is when the withdrawal was created.
	CreatedAt time.Time `json:"created_at"`
	rawJSON
}

func (x CoinWithdrawal) cursor() string { return x.ID }

// Create creates a coin withdrawal exactly as p says: with ForceCommit
// false it must then be committed within CommitWindow (prefer Quote and
// CommitQuote, which track the deadline, or Send). p.CustomID is filled in
// with a UUID when empty (on a copy), so the create is retried safely; a
// reused custom_id is payments.ErrDuplicateReference, and an unknown outcome
// is settled by looking the withdrawal up by custom_id: it is returned when
// it is what was asked (address, currencies, amount).
// POST /api/coin_withdrawals
func (s *CoinWithdrawalsService) Create(ctx context.Context, p *CoinWithdrawalParams) (*CoinWithdrawal, error) {
	return s.create(ctx, p, p != nil && p.ForceCommit)
}

// create validates p, sends it with force_commit = force and settles it.
func (s *CoinWithdrawalsService) create(ctx context.Context, p *CoinWithdrawalParams, force bool) (*CoinWithdrawal, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	q := p.wire(force)
	return apicall.Create(ctx, s.client.pipe, &apicall.Call{Op: "create coin withdrawal", Method: http.MethodPost,
		Path: "/api/coin_withdrawals", Body: q, Reference: q.CustomID}, q.settlement(s))
}

// Send is the safe one-call payout: it creates the withdrawal with
// force_commit true, so it is sent at once and cannot expire uncommitted.
// Everything Create says about custom_id and unknown outcomes holds.
// POST /api/coin_withdrawals {"force_commit": true, …}
func (s *CoinWithdrawalsService) Send(ctx context.Context, p *CoinWithdrawalParams) (*CoinWithdrawal, error) {
	return s.create(ctx, p, true)
}

// CoinWithdrawalQuote is the first step of a two-step withdrawal: a
// withdrawal in status new whose amounts, fees and rate can be inspected
// before it is committed. It expires at Deadline.
type CoinWithdrawalQuote struct {
	// Withdrawal is the uncommitted withdrawal (status new).
	Withdrawal *CoinWithdrawal
	// Deadline is the last moment to commit: CommitWindow after the create
	// request was sent (on the client's clock, never later than the server's).
	Deadline time.Time
}

// Expired reports whether the commit deadline has passed at now.
func (q *CoinWithdrawalQuote) Expired(now time.Time) bool { return !now.Before(q.Deadline) }

// Quote creates an uncommitted withdrawal (force_commit false): the first
// step of two. Commit it with CommitQuote before its Deadline, or let it
// expire to pay nothing.
// POST /api/coin_withdrawals {"force_commit": false, …}
func (s *CoinWithdrawalsService) Quote(ctx context.Context, p *CoinWithdrawalParams) (*CoinWithdrawalQuote, error) {
	start := s.client.now()
	w, err := s.create(ctx, p, false)
	if err != nil {
		return nil, err
	}
	return &CoinWithdrawalQuote{Withdrawal: w, Deadline: start.Add(CommitWindow)}, nil
}

// CommitQuote commits a quote: the second step. A quote past its Deadline
// is ErrCommitExpired without a request; so is a commit the API refuses
// because the withdrawal expired meanwhile.
// POST /api/coin_withdrawals/{id}/commit
func (s *CoinWithdrawalsService) CommitQuote(ctx context.Context, q *CoinWithdrawalQuote) (*CoinWithdrawal, error) {
	if q == nil || q.Withdrawal == nil {
		return nil, &payments.ValidationError{Field: "quote", Reason: "is required"}
	}
	if q.Expired(s.client.now()) {
		return nil, fmt.Errorf("cryptopay: commit coin withdrawal %s: %w (deadline %s)", httpcore.Truncate(q.Withdrawal.ID, 64), ErrCommitExpired, q.Deadline.UTC().Format(time.RFC3339))
	}
	w, err := s.commit(ctx, q.Withdrawal.ID, q.Withdrawal.CustomID)
	if err != nil && s.client.now().After(q.Deadline) && !errors.Is(err, ErrCommitExpired) && !errors.Is(err, payments.ErrUnknownOutcome) {
		// A refusal once the window closed: the withdrawal expired.
		return nil, fmt.Errorf("cryptopay: commit coin withdrawal %s: %w: %w", httpcore.Truncate(q.Withdrawal.ID, 64), ErrCommitExpired, err)
	}
	return w, err
}

// CreateAndCommit is the two-step withdrawal in one call: it creates a
// quote, lets accept inspect it (fees, rate, received amount; nil accepts
// everything), and commits it at once. An accept error leaves the quote
// uncommitted, to expire on its own: nothing is paid.
// POST /api/coin_withdrawals, then POST /api/coin_withdrawals/{id}/commit
func (s *CoinWithdrawalsService) CreateAndCommit(ctx context.Context, p *CoinWithdrawalParams, accept func(*CoinWithdrawalQuote) error) (*CoinWithdrawal, error) {
	q, err := s.Quote(ctx, p)
	if err != nil {
		return nil, err
	}
	if accept != nil {
		if err := accept(q); err != nil {
			return nil, err
		}
	}
	return s.CommitQuote(ctx, q)
}

// Commit commits a withdrawal created with force_commit false, by id. It
// does not know the deadline: prefer CommitQuote. A commit whose outcome is
// unknown is settled by reading the withdrawal: it is returned once it has
// left status new.
// POST /api/coin_withdrawals/{id}/commit
func (s *CoinWithdrawalsService) Commit(ctx context.Context, id string) (*CoinWithdrawal, error) {
	return s.commit(ctx, id, "")
}

func (s *CoinWithdrawalsService) commit(ctx context.Context, id, customID string) (*CoinWithdrawal, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	// The reference marks the commit safe to retry: committing twice pays
	// once (the second answer is a refusal, settled by reading).
	ref := customID
	if ref == "" {
		ref = "commit:" + id
	}
	k := &apicall.Call{Op: "commit coin withdrawal", Method: http.MethodPost, Path: "/api/coin_withdrawals/" + segment(id) + "/commit", Reference: ref}
	w, err := apicall.Object[CoinWithdrawal](ctx, s.client.pipe, k)
	if isExpiredAnswer(err) {
		return nil, fmt.Errorf("cryptopay: commit coin withdrawal %s: %w: %w", httpcore.Truncate(id, 64), ErrCommitExpired, err)
	}
	return apicall.Settle(ctx, s.client.pipe, k, s.commitSettlement(id), w, alreadyCommitted(k, err))
}

// isExpiredAnswer recognises the API's refusal to commit an expired
// withdrawal: an error whose code or message says it expired.
func isExpiredAnswer(err error) bool {
	var apiErr *payments.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode < 400 || apiErr.StatusCode >= 500 {
		return false
	}
	if strings.Contains(strings.ToLower(apiErr.Code+" "+apiErr.Message), "expired") {
		return true
	}
	for _, d := range ErrorDetails(err) {
		if strings.Contains(strings.ToLower(d.Code+" "+d.Message), "expired") {
			return true
		}
	}
	return false
}

// Get reads a coin withdrawal by Cryptopay's id.
// GET /api/coin_withdrawals/{id}
func (s *CoinWithdrawalsService) Get(ctx context.Context, id string) (*CoinWithdrawal, error) {
	return byID[CoinWithdrawal](ctx, s.client, "get coin withdrawal", "id", "/api/coin_withdrawals/", id)
}

// FindByReference reads a coin withdrawal by the merchant's custom_id;
// payments.ErrNotFound when there is none.
// GET /api/coin_withdrawals/custom_id/{custom_id}
func (s *CoinWithdrawalsService) FindByReference(ctx context.Context, customID string) (*CoinWithdrawal, error) {
	return byID[CoinWithdrawal](ctx, s.client, "find coin withdrawal", "custom_id", "/api/coin_withdrawals/custom_id/", customID)
}

// CoinWithdrawalListParams filters the withdrawal list.
type CoinWithdrawalListParams struct {
	// CustomerID keeps the withdrawals of one customer.
	CustomerID string
	// StartingAfter is the id of the last withdrawal of the previous page.
	StartingAfter string
}

func (p *CoinWithdrawalListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("customer_id", p.CustomerID, "starting_after", p.StartingAfter)
}

// List reads one page of coin withdrawals.
// GET /api/coin_withdrawals?customer_id=…&starting_after=…
func (s *CoinWithdrawalsService) List(ctx context.Context, p *CoinWithdrawalListParams) (*Page[CoinWithdrawal], error) {
	return s.list()(ctx, p.query())
}

// All walks every page of coin withdrawals.
// GET /api/coin_withdrawals
func (s *CoinWithdrawalsService) All(ctx context.Context, p *CoinWithdrawalListParams) iter.Seq2[CoinWithdrawal, error] {
	return listAll(ctx, p.query(), s.list())
}

// NetworkFee is the network fee of one level for one currency and network.
type NetworkFee struct {
	// Level is FeeLevelSlow, FeeLevelAverage or FeeLevelFast.
	Level string `json:"level"`
	// Fee is the fee.
	Fee decimal.Decimal `json:"fee"`
	// Currency is the fee's currency.
	Currency string `json:"currency"`
	// Network is the network, when the currency has several.
	Network string `json:"network"`
	rawJSON
}

func (x NetworkFee) cursor() string { return x.Currency + "/" + x.Network + "/" + x.Level }

// NetworkFees reads the current network fees; allNetworks asks for every
// network of every currency (all_networks=true).
// GET /api/coin_withdrawals/network_fees?all_networks=true
func (s *CoinWithdrawalsService) NetworkFees(ctx context.Context, allNetworks bool) ([]NetworkFee, error) {
	q := url.Values{}
	if allNetworks {
		q.Set("all_networks", strconv.FormatBool(true))
	}
	fees, _, err := apicall.List[NetworkFee](ctx, s.client.pipe, &apicall.Call{Op: "network fees", Method: http.MethodGet, Path: "/api/coin_withdrawals/network_fees", Query: q})
	return fees, err
}

// list is the fetch of one page of /api/coin_withdrawals.
func (s *CoinWithdrawalsService) list() func(context.Context, url.Values) (*Page[CoinWithdrawal], error) {
	return pages[CoinWithdrawal](s.client, "list coin withdrawals", "/api/coin_withdrawals")
}
