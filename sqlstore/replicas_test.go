package sqlstore_test

import (
	"context"
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

// replicaInvoices is how many invoices the replicas test sends (testing.Short: 100).
const replicaInvoices = 1000

// Two merchant processes, each with its own pool on one database (one
// PostgreSQL schema, one MariaDB database, one SQLite file), get every
// notification of every invoice at the same moment, as two pods behind a
// load balancer would when a provider retries: every invoice paid in full
// is credited exactly once (in the delivery's transaction), none paid in
// part. A store that locks a row that does not exist yet, or none at all,
// credits twice here.
func TestTwoReplicaProcesses(t *testing.T) {
	t.Parallel()
	n := replicaInvoices
	if testing.Short() {
		n = 100
	}
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		t.Parallel()
		check := prepare(t, db)
		replicas := []*merchant{startMerchant(t, db.URL, freeAddr(t)), startMerchant(t, db.URL, freeAddr(t))}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
		invoices := invoiceRange(1, n)
		var retried atomic.Int64
		// 16 invoices at a time, each notification to both replicas at once: 32 senders.
		deliverAll(invoices, 16, func(inv int, d storetest.Delivery) {
			var both sync.WaitGroup
			for _, m := range replicas {
				both.Add(1)
				go func() {
					defer both.Done()
					attempts, err := send(ctx, client, "http://"+m.addr+"/", d)
					assert.NoError(t, err, "invoice %d %s", inv, d.Stage)
					retried.Add(int64(attempts - 1))
				}()
			}
			both.Wait()
		})
		require.NoError(t, ctx.Err())
		t.Logf("%s: %d invoices, %d deliveries to each replica, %d answered non-2xx and retried",
			db.Dialect, n, len(invoices)*8/3, retried.Load())
		checkCredits(t, check.DB(), invoices)
	})
}
