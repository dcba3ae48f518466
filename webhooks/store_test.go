package webhooks_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/webhooks"
)

// MemoryStore keeps the Store contract inside one process (its "replicas"
// are the same store: it is not shared between processes).
func TestMemoryStoreContract(t *testing.T) {
	s := webhooks.NewMemoryStore()
	storetest.Run(t, storetest.Harness{Open: func(*testing.T) webhooks.Store { return s }})
}
