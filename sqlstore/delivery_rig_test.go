package sqlstore_test

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/storetest"
)

// The delivery rig the process, replica, crash and fault tests share: a
// provider that sends every notification of many invoices at once and
// retries each until it is answered 2xx, and a disturbance (a kill, a cut
// connection) at random moments meanwhile.

// deliverAll hands invoices to workers goroutines; each sends every
// notification of its invoice (storetest.Invoice), in order, through
// deliver. It returns when all are sent.
func deliverAll(invoices []int, workers int, deliver func(inv int, d storetest.Delivery)) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for inv := range work {
				for _, d := range storetest.Invoice(inv) {
					deliver(inv, d)
				}
			}
		}()
	}
	for _, inv := range invoices {
		work <- inv
	}
	close(work)
	wg.Wait()
}

// atRandom runs disturb after waits of base plus up to spread, until stop
// closes or disturb says to stop; the channel it returns closes when it
// has.
func atRandom(stop <-chan struct{}, base, spread time.Duration, disturb func() (more bool)) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			case <-time.After(base + rand.N(spread)):
			}
			if !disturb() {
				return
			}
		}
	}()
	return done
}

// send posts d to url until it is answered 2xx or ctx ends, as a provider
// retries; it returns the number of attempts.
func send(ctx context.Context, client *http.Client, url string, d storetest.Delivery) (int, error) {
	for attempt := 1; ; attempt++ {
		req, err := d.Request(ctx, url)
		if err != nil {
			return attempt, err
		}
		resp, err := client.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				return attempt, nil
			}
		}
		select {
		case <-ctx.Done():
			return attempt, ctx.Err()
		case <-time.After(time.Duration(min(attempt, 20)) * 10 * time.Millisecond):
		}
	}
}

func invoiceRange(from, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = from + i
	}
	return out
}
