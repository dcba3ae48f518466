package payouts

import (
	"context"
	"errors"
	"fmt"

	"github.com/coinsdk/coinsdk/payments"
)

// pendingPage is how many entries Resolve reads from the journal at a time.
const pendingPage = 100

// Result is what Resolve did with one payout.
type Result struct {
	// Reference names the payout.
	Reference string
	// State is where it stands now: done (Payout is set), failed (Err is the
	// provider's refusal; nothing was made), open (still unknown, or another
	// Sender holds it: Err says which; Resolve again later) or attention
	// (Err is a *NeedsPersonError).
	State State
	// Payout is the payout, when done.
	Payout *payments.Payout
	// Err is why it is not done.
	Err error
}

// Resolve finishes every payout of this Sender's provider left open by an
// unknown outcome or by a Sender that died holding its claim (its lease has
// ended), per the provider's capabilities:
//
//   - with payments.CapFindPayout (CryptoChill, CryptoProcessing, Cryptopay):
//     look the payout up by reference; found and matching is done, not
//     listed falls through to the next step;
//   - with payments.CapDedupePayout (those three, and Channels' orderId):
//     repeat the create with the same reference and parameters, which the
//     provider answers with the payout already made, never a second one;
//   - with neither (the gateway's withdrawals): never send again; the payout
//     is reported as needing a person (a *NeedsPersonError, with the
//     provider's id when one was seen) until Settle or SettleNotMade.
//
// It returns one Result per payout it looked at, including those already
// waiting for a person, and an error only when the journal cannot be read.
// Run it at start-up and then periodically (every minute, say) on any
// replica: concurrent Resolves take each payout's claim in turn, so every
// payout is settled by one of them.
func (s *Sender) Resolve(ctx context.Context) ([]Result, error) {
	if ctx == nil {
		return nil, &payments.ValidationError{Field: "ctx", Reason: "is required"}
	}
	var results []Result
	after := ""
	for {
		page, err := s.j.Pending(ctx, s.name, s.now(), after, pendingPage)
		if err != nil {
			return results, err
		}
		for _, e := range page {
			results = append(results, s.resolveOne(ctx, e))
		}
		if len(page) < pendingPage {
			return results, nil
		}
		after = page[len(page)-1].Reference
	}
}

// resolveOne settles one pending entry.
func (s *Sender) resolveOne(ctx context.Context, e Entry) Result {
	r := Result{Reference: e.Reference, State: e.State}
	if e.State == StateAttention {
		r.Err = needsPerson(e)
		return r
	}
	now := s.now()
	want := e
	want.Owner, want.LeaseUntil = s.owner, now.Add(s.lease)
	got, step, err := s.j.Claim(ctx, want, now)
	if err != nil {
		r.Err = err
		if errors.Is(err, ErrNeedsPerson) {
			r.State = StateAttention
		}
		return r
	}
	p, err := got.Params()
	if err != nil {
		r.Err = err
		return r
	}
	switch step {
	case StepDone:
		r.State = StateDone
		r.Payout, r.Err = recorded(got)
		return r
	case StepSend:
		// It was refused definitely since it was listed: nothing was made,
		// and Resolve does not send a new payout on its own. Give it back.
		s.record(ctx, Update{Reference: got.Reference, From: StateOpen, Owner: got.Owner, State: StateFailed, LastError: got.LastError})
		r.State = StateFailed
		return r
	}
	r.Payout, r.Err = s.resume(ctx, got, p)
	r.State = stateAfter(r.Payout, r.Err)
	return r
}

// stateAfter is the state a resume left its entry in.
func stateAfter(p *payments.Payout, err error) State {
	switch {
	case err == nil && p != nil:
		return StateDone
	case errors.Is(err, ErrNeedsPerson):
		return StateAttention
	case err != nil && definite(err):
		return StateFailed
	}
	return StateOpen
}

// Settle records that the payout for reference, which needs a person, was
// made: payoutID is the provider's id for it, as found in the provider's
// dashboard or history. The payout is read back (GetPayout) and compared
// with what was asked (payments.MatchPayout) before it is recorded.
func (s *Sender) Settle(ctx context.Context, reference, payoutID string) (*payments.Payout, error) {
	if ctx == nil {
		return nil, &payments.ValidationError{Field: "ctx", Reason: "is required"}
	}
	e, err := s.attention(ctx, reference)
	if err != nil {
		return nil, err
	}
	p, err := e.Params()
	if err != nil {
		return nil, err
	}
	out, err := s.p.GetPayout(ctx, payoutID)
	if err != nil {
		return nil, err
	}
	if err := payments.MatchPayout(p, out); err != nil {
		return nil, err
	}
	raw, err := marshalPayout(out)
	if err != nil {
		return nil, err
	}
	ok, err := s.j.Record(ctx, Update{Reference: reference, From: StateAttention, State: StateDone, PayoutID: out.ID, Payout: raw,
		LastError: "settled by a person", At: s.now()})
	if err == nil && !ok {
		err = fmt.Errorf("payouts: payout %q changed while being settled; read it again", reference)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SettleNotMade records that the payout for reference, which needs a person,
// was not made (the provider confirms it has no such payout, or cancelled
// it). The reference is free again: Send with the same parameters sends it.
func (s *Sender) SettleNotMade(ctx context.Context, reference string) error {
	if ctx == nil {
		return &payments.ValidationError{Field: "ctx", Reason: "is required"}
	}
	if _, err := s.attention(ctx, reference); err != nil {
		return err
	}
	ok, err := s.j.Record(ctx, Update{Reference: reference, From: StateAttention, State: StateFailed,
		LastError: "settled by a person: not made", At: s.now()})
	if err == nil && !ok {
		err = fmt.Errorf("payouts: payout %q changed while being settled; read it again", reference)
	}
	return err
}

// attention reads the entry for reference and checks that it waits for a person.
func (s *Sender) attention(ctx context.Context, reference string) (Entry, error) {
	e, err := s.j.Get(ctx, reference)
	if err != nil {
		return e, err
	}
	if e.Provider != s.name {
		return e, &payments.ReferenceMismatchError{Object: "payout", Reference: reference, ID: e.PayoutID, Field: "provider"}
	}
	if e.State != StateAttention {
		return e, fmt.Errorf("payouts: payout %q is %s, not waiting for a person: %w", reference, e.State, payments.ErrInvalidRequest)
	}
	return e, nil
}
