package sandboxkit_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryScheduleUntilAccepted(t *testing.T) {
	var mu sync.Mutex
	var at []time.Time
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		at = append(at, time.Now())
		n := len(at)
		mu.Unlock()
		if n <= 2 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer recv.Close()

	k := sandboxkit.New(sandboxkit.Config{CallbackURL: recv.URL})
	defer k.Close()
	sandboxkit.SetRetrySchedule(k, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, time.Hour})
	first := sandboxkit.Deliver(k, sandboxkit.Notification{Type: "t", Body: []byte(`{}`)})
	assert.Equal(t, http.StatusInternalServerError, first.StatusCode)

	require.Eventually(t, func() bool { return len(k.Deliveries()) == 3 }, 5*time.Second, 10*time.Millisecond)
	ds := k.Deliveries()
	for i, d := range ds {
		assert.Equal(t, first.ID, d.ID)
		assert.Equal(t, i+1, d.Attempt)
	}
	assert.True(t, ds[2].Delivered())
	mu.Lock()
	assert.GreaterOrEqual(t, at[1].Sub(at[0]), 50*time.Millisecond)
	assert.GreaterOrEqual(t, at[2].Sub(at[1]), 100*time.Millisecond)
	mu.Unlock()

	ns := sandboxkit.Notifications(k)
	require.Len(t, ns, 1)
	assert.True(t, ns[0].Delivered)
	assert.True(t, ns[0].NextRetry.IsZero(), "no retry after an accepted one")
	assert.Equal(t, 1, ns[0].RetriesLeft)
}

func TestRetryStopsOnClose(t *testing.T) {
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer recv.Close()
	k := sandboxkit.New(sandboxkit.Config{CallbackURL: recv.URL})
	sandboxkit.SetRetrySchedule(k, []time.Duration{30 * time.Millisecond})
	sandboxkit.Deliver(k, sandboxkit.Notification{Body: []byte(`{}`)})
	ns := sandboxkit.Notifications(k)
	require.Len(t, ns, 1)
	assert.False(t, ns[0].NextRetry.IsZero())
	k.Close()
	time.Sleep(80 * time.Millisecond)
	assert.Len(t, k.Deliveries(), 1, "no retry after Close")
}

func TestNoRetryWithoutCallbackURL(t *testing.T) {
	k := sandboxkit.New(sandboxkit.Config{})
	defer k.Close()
	sandboxkit.SetRetrySchedule(k, []time.Duration{time.Millisecond})
	sandboxkit.Deliver(k, sandboxkit.Notification{Body: []byte(`{}`)})
	time.Sleep(20 * time.Millisecond)
	assert.Len(t, k.Deliveries(), 1)
}
