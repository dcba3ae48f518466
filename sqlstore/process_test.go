package sqlstore_test

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/sqlstore"
)

// merchant is one helper process serving webhooks (see serve).
type merchant struct {
	cmd  *exec.Cmd
	addr string
	done chan struct{}
}

// startMerchant starts a merchant process on db at addr and waits until it
// listens.
func startMerchant(t *testing.T, url, addr string) *merchant {
	t.Helper()
	cmd := helper(t, "serve", url, addr)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	m := &merchant{cmd: cmd, addr: addr, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(m.done) }()
	t.Cleanup(m.kill)
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "merchant process did not start")
	require.True(t, strings.HasPrefix(line, "ready "), "merchant said %q", line)
	go func() { _, _ = io.Copy(io.Discard, out) }()
	return m
}

// kill sends SIGKILL: no deferred function, no rollback, no goodbye.
func (m *merchant) kill() {
	_ = m.cmd.Process.Signal(syscall.SIGKILL)
	<-m.done
}

// prepare makes a fresh database with the store's tables and the
// merchant's credits table, and returns a pool on it for the checks.
func prepare(t testing.TB, db dbtest.DB) *sqlstore.Store {
	t.Helper()
	s := dbtest.Open(t, db)
	_, err := s.DB().Exec(storetest.CreditsTable)
	require.NoError(t, err)
	return s
}

// creditCounts is ref → number of credit rows.
func creditCounts(t *testing.T, db *sql.DB) map[string]int {
	t.Helper()
	rows, err := db.Query("SELECT ref, COUNT(*) FROM storetest_credits GROUP BY ref")
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var ref string
		var n int
		require.NoError(t, rows.Scan(&ref, &n))
		out[ref] = n
	}
	require.NoError(t, rows.Err())
	return out
}

// checkCredits: every invoice paid in full credited exactly once, none
// paid in part.
func checkCredits(t *testing.T, db *sql.DB, invoices []int) {
	t.Helper()
	got := creditCounts(t, db)
	wrong := 0
	for _, n := range invoices {
		want := 0
		if storetest.Paid(n) {
			want = 1
		}
		if got[storetest.Reference(n)] != want {
			wrong++
			if wrong <= 10 {
				assert.Equal(t, want, got[storetest.Reference(n)], "credits of %s", storetest.Reference(n))
			}
		}
	}
	assert.Zero(t, wrong, "invoices credited a wrong number of times")
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
