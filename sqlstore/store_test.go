package sqlstore_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/webhooks"
)

// The webhooks.Store contract on each database; every Open is a replica
// with its own pool.
func TestStoreContract(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		t.Parallel()
		first := dbtest.Open(t, db)
		storetest.Run(t, storetest.Harness{
			Open: func(t *testing.T) webhooks.Store { return dbtest.Open(t, db) },
			DB:   first.DB(),
			Bind: first.Dialect().Bind,
		})
	})
}
