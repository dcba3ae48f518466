package payouts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

// DefaultLease is how long a claim lasts when WithLease is not given: longer
// than any adapter's create with its retries, short enough that a crashed
// replica's payouts are resolved within minutes.
const DefaultLease = 2 * time.Minute

// recordTimeout bounds the write of an outcome, which runs even when the
// caller's context has ended (the provider answered: that must be kept).
const recordTimeout = 15 * time.Second

// Sender sends payouts through a provider adapter and writes each one down
// in a Journal: the intent before the request, the outcome after. One Sender
// is safe for concurrent use; any number of Senders (replicas) may share one
// journal. Call Flush before the process exits.
type Sender struct {
	p     payments.PayoutProvider
	j     Journal
	name  string
	owner string
	lease time.Duration
	now   func() time.Time
	// sync writes every outcome before Send returns (WithSyncOutcomes).
	sync bool
	// gc writes made payouts' outcomes behind Send's return; nil where
	// they are written before it (the gateway, or WithSyncOutcomes).
	gc *groupCommit
}

// Option configures a Sender.
type Option func(*Sender)

// WithOwner names this Sender in the claims it takes (default: host name,
// process id and a random suffix). Shown in InProgressError and the journal.
func WithOwner(owner string) Option { return func(s *Sender) { s.owner = owner } }

// WithLease sets how long a claim lasts (default DefaultLease). A create is
// given until shortly before the lease ends; after the lease another
// Sender's Resolve may take the payout over (never resending where the
// provider cannot deduplicate). Replicas' clocks must agree to well within it.
func WithLease(d time.Duration) Option { return func(s *Sender) { s.lease = d } }

// WithClock sets the clock leases are measured with (default time.Now).
func WithClock(now func() time.Time) Option { return func(s *Sender) { s.now = now } }

// WithSyncOutcomes writes every outcome to the journal before Send returns,
// at the cost of a second round trip on Send's path. By default a made
// payout's outcome is group-committed behind Send's return (see "What it
// costs" in the package doc) wherever the provider can settle an open
// entry without a person; on the gateway it is always written before.
func WithSyncOutcomes() Option { return func(s *Sender) { s.sync = true } }

// NewSender returns a Sender over p (a provider adapter with
// payments.CapPayouts) and j.
func NewSender(p payments.PayoutProvider, j Journal, opts ...Option) (*Sender, error) {
	if isNil(p) {
		return nil, &payments.ValidationError{Field: "provider", Reason: "is required"}
	}
	if isNil(j) {
		return nil, &payments.ValidationError{Field: "journal", Reason: "is required"}
	}
	s := &Sender{p: p, j: j, name: p.Name(), lease: DefaultLease, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	switch {
	case !p.Capabilities().Has(payments.CapPayouts):
		return nil, fmt.Errorf("payouts: %s adapter cannot send payouts: %w", s.name, payments.ErrUnsupported)
	case s.lease <= 0:
		return nil, &payments.ValidationError{Field: "lease", Reason: "must be positive"}
	case s.now == nil:
		return nil, &payments.ValidationError{Field: "clock", Reason: "is required"}
	case len(s.owner) > 128:
		return nil, &payments.ValidationError{Field: "owner", Reason: "is longer than 128 characters"}
	}
	if s.owner == "" {
		s.owner = defaultOwner()
	}
	if !s.sync && settleable(p.Capabilities()) {
		s.gc = newGroupCommit(j)
	}
	return s, nil
}

// Provider returns the adapter the Sender sends through.
func (s *Sender) Provider() payments.PayoutProvider { return s.p }

// Owner returns the name this Sender claims payouts under.
func (s *Sender) Owner() string { return s.owner }

// Send sends the payout p once for its Reference, whatever happens around
// it: it writes the intent down (and claims it) before the request and the
// outcome after.
//
// p.Reference is required: it is the payout's identity in the journal and
// at the provider (use the id of what you are paying, an order or a
// withdrawal request), so that calling Send again after a crash or an error
// names the same payout. Then:
//
//   - A reference already paid returns the recorded payout; nothing is sent.
//   - Other parameters (or another provider) under a used reference: a
//     *payments.ReferenceMismatchError (payments.ErrDuplicateReference).
//   - A reference another Sender is sending right now: an *InProgressError
//     (ErrInProgress); nothing is sent. Ask again later.
//   - An unknown outcome (timeout, reset, 5xx after sending) on a provider
//     that deduplicates: the error matches payments.ErrUnknownOutcome; call
//     Send again with the same parameters, or Resolve, to settle it.
//   - An unknown outcome on a provider that can neither deduplicate nor look
//     the payout up (the gateway), now or from an earlier call: a
//     *NeedsPersonError. It is never sent again.
//   - A definite refusal (validation, insufficient funds, a reference the
//     provider holds for another payout): the provider's error; nothing was
//     made, and Send may be called again with the same parameters.
//
// A made payout's outcome is written to the journal behind Send's return
// (group-committed; see "What it costs" in the package doc) except on the
// gateway or with WithSyncOutcomes, where it is written before: there, when
// the payout was made but the journal could not record it, Send returns the
// payout and an error saying so; Resolve records it later. Behind the
// return, such a failure is reported by Flush.
func (s *Sender) Send(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	if ctx == nil {
		return nil, &payments.ValidationError{Field: "ctx", Reason: "is required"}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if strings.TrimSpace(p.Reference) == "" {
		return nil, &payments.ValidationError{Field: "reference", Reason: "is required: the journal knows a payout by it (use the id of what you pay)"}
	}
	now := s.now()
	want := intent(s.name, p)
	want.State, want.Owner, want.LeaseUntil, want.Attempts, want.CreatedAt, want.UpdatedAt = StateOpen, s.owner, now.Add(s.lease), 1, now, now
	if s.gc != nil {
		if made, ok := s.gc.lookup(want.Reference); ok {
			// Made by this process and not yet written: answered here.
			if _, _, err := Decide(made, want, now); err != nil {
				return nil, err
			}
			return recorded(made)
		}
	}
	e, step, err := s.j.Claim(ctx, want, now)
	if err != nil {
		return nil, err
	}
	params := *p
	switch step {
	case StepDone:
		return recorded(e)
	case StepResume:
		return s.resume(ctx, e, &params)
	}
	return s.create(ctx, e, &params)
}

// create sends the payout under the claim e and records the outcome.
func (s *Sender) create(ctx context.Context, e Entry, p *payments.PayoutParams) (*payments.Payout, error) {
	callCtx, cancel := s.callContext(ctx, e)
	defer cancel()
	if err := callCtx.Err(); err != nil {
		// Nothing left: the claim is given back as a definite "not sent".
		s.record(ctx, Update{Reference: e.Reference, From: StateOpen, Owner: e.Owner, State: StateFailed, LastError: errText(err)})
		return nil, err
	}
	out, err := s.p.CreatePayout(callCtx, p)
	return s.outcome(ctx, e, p, out, err)
}

// callContext bounds a call so that it ends before the claim's lease does:
// a takeover never races a request of ours still in flight.
func (s *Sender) callContext(ctx context.Context, e Entry) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, e.LeaseUntil.Add(-s.lease/10))
}

// outcome classifies a create's answer and records it under the claim e.
func (s *Sender) outcome(ctx context.Context, e Entry, p *payments.PayoutParams, out *payments.Payout, err error) (*payments.Payout, error) {
	switch {
	case err == nil && out != nil:
		return s.done(ctx, e, out)
	case err != nil && definite(err):
		s.record(ctx, Update{Reference: e.Reference, From: StateOpen, Owner: e.Owner, State: StateFailed, LastError: errText(err)})
		return nil, err
	}
	if err == nil {
		err = &payments.UnknownOutcomeError{Provider: s.name, Operation: "create payout", Reference: e.Reference,
			Err: errors.New("the adapter returned neither a payout nor an error")}
	}
	return nil, s.unknown(ctx, e, err)
}

// done records a made payout and returns it.
func (s *Sender) done(ctx context.Context, e Entry, out *payments.Payout) (*payments.Payout, error) {
	raw, err := marshalPayout(out)
	if err != nil {
		return out, fmt.Errorf("payouts: payout %q was made (id %q) but cannot be recorded: %w", e.Reference, out.ID, err)
	}
	u := Update{Reference: e.Reference, State: StateDone, PayoutID: out.ID, Payout: raw}
	if s.gc != nil {
		u.At = s.now()
		s.gc.add(Apply(e, u), u)
		return out, nil
	}
	if err := s.record(ctx, u); err != nil {
		return out, fmt.Errorf("payouts: payout %q was made (id %q) but the journal did not record it (Resolve will): %w", e.Reference, out.ID, err)
	}
	return out, nil
}

// unknown records an unknown outcome: released for Resolve where the
// provider can settle it, marked for a person where it cannot.
func (s *Sender) unknown(ctx context.Context, e Entry, cause error) error {
	if settleable(s.p.Capabilities()) {
		s.record(ctx, Update{Reference: e.Reference, From: StateOpen, Owner: e.Owner, State: StateOpen,
			LeaseUntil: s.now(), PayoutID: providerID(cause), LastError: errText(cause)})
		if !errors.Is(cause, payments.ErrUnknownOutcome) {
			cause = &payments.UnknownOutcomeError{Provider: s.name, Operation: "create payout", Reference: e.Reference, Err: cause}
		}
		return cause
	}
	id := providerID(cause)
	if id == "" {
		id = e.PayoutID
	}
	s.record(ctx, Update{Reference: e.Reference, From: StateOpen, Owner: e.Owner, State: StateAttention,
		PayoutID: id, LastError: errText(cause)})
	return &NeedsPersonError{Provider: s.name, Reference: e.Reference, ID: id, Err: cause,
		Reason: "its outcome is unknown and " + s.name + " can neither deduplicate a repeat nor look the payout up"}
}

// resume settles an intent whose earlier request may have left, per the
// provider's capabilities: look it up where it can, repeat the create with
// the same reference where the provider deduplicates, and otherwise never
// send again.
func (s *Sender) resume(ctx context.Context, e Entry, p *payments.PayoutParams) (*payments.Payout, error) {
	caps := s.p.Capabilities()
	if caps.Has(payments.CapFindPayout) {
		callCtx, cancel := s.callContext(ctx, e)
		found, err := s.p.FindPayout(callCtx, e.Reference)
		cancel()
		switch {
		case err == nil && found != nil:
			if merr := payments.MatchPayout(p, found); merr != nil {
				// The provider holds one payout per reference, and it is
				// not this one: ours was not made.
				s.record(ctx, Update{Reference: e.Reference, From: StateOpen, Owner: e.Owner, State: StateFailed, LastError: errText(merr)})
				return nil, merr
			}
			return s.done(ctx, e, found)
		case errors.Is(err, payments.ErrNotFound):
			// Not listed now; the repeat below is what settles it.
		default:
			if err == nil {
				err = errors.New("the lookup returned neither a payout nor an error")
			}
			return nil, s.unknown(ctx, e, &payments.UnknownOutcomeError{Provider: s.name, Operation: "find payout", Reference: e.Reference,
				ID: e.PayoutID, Err: notDuplicate(err)})
		}
	}
	if caps.Has(payments.CapDedupePayout) {
		return s.create(ctx, e, p)
	}
	return nil, s.unknown(ctx, e, &payments.UnknownOutcomeError{Provider: s.name, Operation: "create payout", Reference: e.Reference,
		ID: e.PayoutID, Err: errors.New("an earlier request may have left and its outcome was never recorded (" + orNone(e.LastError) + ")")})
}

// record applies u, with its At filled, through a context that outlives the
// caller's (an outcome must be kept even when the caller gave up), and
// returns the journal's error, if any. An update whose condition no longer
// holds (another Sender took the claim over) changes nothing.
func (s *Sender) record(ctx context.Context, u Update) error {
	u.At = s.now()
	return persist(ctx, func(rctx context.Context) error {
		_, err := s.j.Record(rctx, u)
		return err
	})
}

// persist runs a journal write up to three times under recordTimeout,
// through a context that outlives ctx's cancellation: the provider has
// answered, and what it said must be kept even when the caller gave up.
func persist(ctx context.Context, write func(context.Context) error) error {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	var err error
	for range 3 {
		if err = write(rctx); err == nil || rctx.Err() != nil {
			return err
		}
	}
	return err
}

// intent is the journal entry for p on the provider named name.
func intent(name string, p *payments.PayoutParams) Entry {
	return Entry{Reference: p.Reference, Provider: name, Amount: p.Amount.Amount.String(), Currency: p.Amount.Currency,
		Asset: p.Asset, Address: p.Address, Tag: p.Tag}
}

// Params returns the payout parameters e was written down with.
func (e Entry) Params() (*payments.PayoutParams, error) {
	m, err := payments.NewMoney(e.Amount, e.Currency)
	if err != nil {
		return nil, err
	}
	return &payments.PayoutParams{Amount: m, Asset: e.Asset, Address: e.Address, Tag: e.Tag, Reference: e.Reference}, nil
}

// marshalPayout is the journal's record of a made payout.
func marshalPayout(p *payments.Payout) ([]byte, error) { return json.Marshal(p) }

// recorded decodes the payout of a done entry.
func recorded(e Entry) (*payments.Payout, error) {
	var out payments.Payout
	if err := json.Unmarshal(e.Payout, &out); err != nil {
		return nil, fmt.Errorf("payouts: payout %q (id %q) is recorded as made but its record does not decode: %w", e.Reference, e.PayoutID, err)
	}
	return &out, nil
}

// settleable reports whether a provider can settle an unknown outcome
// without a person: it deduplicates a repeat or finds the payout.
func settleable(c payments.Capabilities) bool { return RecoveryFor(c) != RecoverByPerson }

// definite reports whether err proves that nothing was made: a local
// validation error, a reference the provider holds for another payout, an
// unsupported call, or the provider's refusal (a 4xx answer that is not an
// unreadable body). Anything else (an unknown outcome, a 5xx, a bare
// network or context error, an error of a type coinsdk does not know) is
// treated as unknown: a payout is never assumed not made.
func definite(err error) bool {
	if errors.Is(err, payments.ErrUnknownOutcome) {
		return false
	}
	var ve *payments.ValidationError
	var rm *payments.ReferenceMismatchError
	if errors.As(err, &ve) || errors.As(err, &rm) || errors.Is(err, payments.ErrUnsupported) || errors.Is(err, payments.ErrDuplicateReference) {
		return true
	}
	var ae *payments.APIError
	return errors.As(err, &ae) && ae.StatusCode >= 400 && ae.StatusCode < 500 && !errors.Is(err, payments.ErrMalformed)
}

// providerID returns the provider's id an unknown-outcome error carries.
func providerID(err error) string {
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		return uo.ID
	}
	return ""
}

// notDuplicate keeps an error that would match payments.ErrDuplicateReference
// out of an unknown outcome's chain (an error means one thing), keeping its text.
func notDuplicate(err error) error {
	if errors.Is(err, payments.ErrDuplicateReference) {
		return errors.New(err.Error())
	}
	return err
}

// errText is an error's text for the journal, capped.
func errText(err error) string {
	msg := err.Error()
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	return strings.ToValidUTF8(msg, "?")
}

func orNone(s string) string {
	if s == "" {
		return "no error recorded"
	}
	return "last error: " + s
}

// isNil reports whether v is nil or a nil pointer in an interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Func, reflect.Interface, reflect.Slice, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// defaultOwner names this process: host, pid and a random suffix (two
// Senders in one process are two owners).
func defaultOwner() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	owner := host + "/" + strconv.Itoa(os.Getpid()) + "/" + hex.EncodeToString(b[:])
	if len(owner) > 128 {
		owner = owner[len(owner)-128:]
	}
	return owner
}
