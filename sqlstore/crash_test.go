package sqlstore_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/storetest"
)

// The merchant process is killed with SIGKILL at random points while
// deliveries arrive (at random delivery counts), and restarted, again and again. The sender here plays
// the provider: it retries every delivery until it is answered 2xx and
// redelivers 20% of the answered ones once more, as providers do. (It runs
// in the test process; when the standalone sandbox server lands, it can
// deliver instead on each provider's own schedule.) At the end every
// delivery was answered 2xx, and in the database every invoice paid in
// full is credited exactly once, none paid in part, none twice.
func TestKilledMerchantCreditsOnce(t *testing.T) {
	t.Parallel()
	invoices, kills := 200, 12
	if testing.Short() {
		invoices, kills = 60, 4
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		t.Parallel()
		check := prepare(t, db)
		addr := freeAddr(t)
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		defer cancel()

		var mu sync.Mutex
		current := startMerchant(t, db.URL, addr)
		killed := 0
		done := make(chan struct{})
		var sent, redelivered atomic.Int64
		list := invoiceRange(1, invoices)
		// The kills are placed by progress, not by the clock: each at a
		// random delivery count, so they land while deliveries arrive
		// however fast or slow the machine is.
		total := 0
		for _, inv := range list {
			total += len(storetest.Invoice(inv))
		}
		at := make([]int64, kills)
		for i := range at {
			at[i] = int64(total/20 + rand.IntN(total*9/10))
		}
		slices.Sort(at)
		killerDone := make(chan struct{})
		go func() {
			defer close(killerDone)
			for _, n := range at {
				for sent.Load() < n {
					select {
					case <-done:
						return
					case <-time.After(2 * time.Millisecond):
					}
				}
				mu.Lock()
				current.kill()
				killed++
				current = startMerchant(t, db.URL, addr)
				mu.Unlock()
			}
		}()

		client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
		url := "http://" + addr + "/"
		deliverAll(list, 16, func(inv int, d storetest.Delivery) {
			_, err := send(ctx, client, url, d)
			assert.NoError(t, err, "invoice %d %s never answered 2xx", inv, d.Stage)
			sent.Add(1)
			if rand.IntN(5) == 0 { // 20% redelivered
				_, err := send(ctx, client, url, d)
				assert.NoError(t, err, "redelivery of invoice %d %s", inv, d.Stage)
				redelivered.Add(1)
			}
		})
		close(done)
		<-killerDone
		require.NoError(t, ctx.Err())
		t.Logf("%s: %d deliveries and %d redeliveries answered 2xx across %d kills", db.Dialect, sent.Load(), redelivered.Load(), killed)
		assert.Equal(t, kills, killed, "the merchant was killed while deliveries arrived")
		checkCredits(t, check.DB(), list)
	})
}
