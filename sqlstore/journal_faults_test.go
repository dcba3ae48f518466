package sqlstore_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSenderUnknownOutcome: on each provider's adapter, every create
// answers 500 after the sandbox did the work (the adapter's own retries
// included), and every lookup 500, until the provider "recovers"; then Send again and Resolve
// settle it: each reference paid once. On the gateway the payout is never
// sent again and waits for a person, who settles it by its id.
func TestSenderUnknownOutcome(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in a child process")
	}
	sb := startSandbox(t)
	for i := range rigs {
		r := &rigs[i]
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			var broken atomic.Bool
			broken.Store(true)
			proxy := newProxy(t, sb.URL, func(req *http.Request) proxyAction {
				if !broken.Load() {
					return forward
				}
				return func(w http.ResponseWriter, req *http.Request, p *proxy) {
					if r.isCreate(req) {
						p.rp.ServeHTTP(httptest.NewRecorder(), req) // the work is done
					}
					// Lookups fail too, so the adapter cannot settle it itself.
					http.Error(w, `{"error":"internal"}`, http.StatusInternalServerError)
				}
			})
			a, err := r.adapter(sb.Env, sb.via(t, r.name, proxy.URL))
			require.NoError(t, err)
			store := dbtest.Open(t, dbtest.Fresh(t, sqlstore.SQLite))
			s, err := payouts.NewSender(a, store.Journal())
			require.NoError(t, err)
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			refs := []string{"unknown-" + r.name + "-1", "unknown-" + r.name + "-2"}
			for _, ref := range refs {
				_, err := s.Send(ctx, r.params(ref))
				require.ErrorIs(t, err, payments.ErrUnknownOutcome, ref)
				require.NotErrorIs(t, err, payments.ErrDuplicateReference, ref)
			}
			broken.Store(false)
			gateway := !a.Capabilities().Has(payments.CapDedupePayout)
			// The merchant repeats the first; Resolve settles the second.
			p, err := s.Send(ctx, r.params(refs[0]))
			if gateway {
				var np *payouts.NeedsPersonError
				require.ErrorAs(t, err, &np)
				assert.Equal(t, refs[0], np.Reference)
			} else {
				require.NoError(t, err)
				assert.Equal(t, refs[0], p.Reference)
			}
			results, err := s.Resolve(ctx)
			require.NoError(t, err)
			byRef := map[string]payouts.Result{}
			for _, res := range results {
				byRef[res.Reference] = res
			}
			per, total := sb.made(t, r, refs)
			assert.Equal(t, len(refs), total, "payouts in the sandbox")
			for _, ref := range refs {
				assert.Equal(t, 1, per[ref], "%s paid %d times", ref, per[ref])
			}
			if !gateway {
				require.Contains(t, byRef, refs[1])
				require.NoError(t, byRef[refs[1]].Err)
				assert.Equal(t, payouts.StateDone, byRef[refs[1]].State)
				return
			}
			for _, ref := range refs {
				require.Contains(t, byRef, ref)
				assert.Equal(t, payouts.StateAttention, byRef[ref].State, ref)
				assert.True(t, errors.Is(byRef[ref].Err, payouts.ErrNeedsPerson), ref)
			}
			// The person finds the withdrawal in the gateway's history. A
			// wrong id (another payout's) is refused.
			other, err := a.CreatePayout(ctx, r.params("someone-else"))
			require.NoError(t, err)
			_, err = s.Settle(ctx, refs[0], other.ID)
			assert.ErrorIs(t, err, payments.ErrDuplicateReference, "another payout's id")
		})
	}
}
