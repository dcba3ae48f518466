package sqlstore_test

import (
	"bufio"
	"database/sql"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"

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

// checkCredits: every invoice paid in full credited exactly once, none
// paid in part.
func checkCredits(t *testing.T, db *sql.DB, invoices []int) {
	t.Helper()
	got := dbtest.Counts(t, db, "SELECT ref, COUNT(*) FROM storetest_credits GROUP BY ref")
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
