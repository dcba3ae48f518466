package sqlstore_test

import (
	"context"
	"math/rand/v2"
	"net/http"
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
// deliveries arrive, and restarted, again and again. The sender here plays
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
		killerDone := make(chan struct{})
		go func() { // the killer
			defer close(killerDone)
			for killed < kills {
				select {
				case <-done:
					return
				case <-time.After(time.Duration(50+rand.IntN(450)) * time.Millisecond):
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
		work := make(chan int)
		var sent, redelivered atomic.Int64
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for inv := range work {
					for _, d := range storetest.Invoice(inv) {
						_, err := send(ctx, client, url, d)
						assert.NoError(t, err, "invoice %d %s never answered 2xx", inv, d.Stage)
						sent.Add(1)
						if rand.IntN(5) == 0 { // 20% redelivered
							_, err := send(ctx, client, url, d)
							assert.NoError(t, err, "redelivery of invoice %d %s", inv, d.Stage)
							redelivered.Add(1)
						}
					}
				}
			}()
		}
		list := invoiceRange(1, invoices)
		for _, inv := range list {
			work <- inv
		}
		close(work)
		wg.Wait()
		close(done)
		<-killerDone
		require.NoError(t, ctx.Err())
		t.Logf("%s: %d deliveries and %d redeliveries answered 2xx across %d kills", db.Dialect, sent.Load(), redelivered.Load(), killed)
		assert.GreaterOrEqual(t, killed, 2, "the merchant was killed while deliveries arrived")
		checkCredits(t, check.DB(), list)
	})
}
