package sqlstore_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/webhooks"
)

// cutter is a TCP proxy to a database server that cuts every connection
// through it at random moments: in the middle of a statement, of a
// transaction, of a commit.
type cutter struct {
	ln     net.Listener
	target string
	cuts   atomic.Int64
	mu     sync.Mutex
	conns  map[net.Conn]net.Conn
}

func newCutter(t *testing.T, target string) *cutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &cutter{ln: ln, target: target, conns: map[net.Conn]net.Conn{}}
	go c.accept()
	t.Cleanup(c.close)
	return c
}

func (c *cutter) accept() {
	for {
		in, err := c.ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", c.target)
		if err != nil {
			_ = in.Close()
			continue
		}
		c.mu.Lock()
		c.conns[in] = out
		c.mu.Unlock()
		go func() { _, _ = io.Copy(out, in); _ = out.Close() }()
		go func() { _, _ = io.Copy(in, out); _ = in.Close() }()
	}
}

// cutOne closes one live connection, both ways.
func (c *cutter) cutOne() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for in, out := range c.conns {
		_ = in.Close()
		_ = out.Close()
		delete(c.conns, in)
		c.cuts.Add(1)
		return
	}
}

func (c *cutter) close() {
	_ = c.ln.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	for in, out := range c.conns {
		_ = in.Close()
		_ = out.Close()
	}
	c.conns = map[net.Conn]net.Conn{}
}

// The database connection is cut at random points while deliveries run:
// those deliveries answer 503 (or 500 when the cut hit the merchant's own
// statement), nothing half-done stays behind, the redeliveries complete,
// and every invoice paid in full is credited exactly once. SQLite has no
// connection to cut; it runs on PostgreSQL and MariaDB.
func TestConnectionCutsCreditOnce(t *testing.T) {
	t.Parallel()
	invoices := 150
	if testing.Short() {
		invoices = 40
	}
	for _, d := range []sqlstore.Dialect{sqlstore.Postgres, sqlstore.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			db := dbtest.Fresh(t, d)
			check := prepare(t, db)
			u, err := url.Parse(db.URL)
			require.NoError(t, err)
			proxy := newCutter(t, u.Host)
			u.Host = proxy.ln.Addr().String()
			store := dbtest.Open(t, dbtest.DB{Dialect: d, URL: u.String()})
			var failed atomic.Int64
			h := webhooks.NewHandler(storetest.Verifier(), store, storetest.Credit(store.Dialect().Bind, nil))
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, r)
				if rec.Code != http.StatusOK {
					failed.Add(1)
				}
				w.WriteHeader(rec.Code)
				_, _ = w.Write(rec.Body.Bytes())
			}))
			defer srv.Close()

			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			stop := make(chan struct{})
			cutterDone := atRandom(stop, 20*time.Millisecond, 200*time.Millisecond, func() bool {
				proxy.cutOne()
				return true
			})
			list := invoiceRange(1, invoices)
			deliverAll(list, 8, func(inv int, dl storetest.Delivery) {
				_, err := send(ctx, srv.Client(), srv.URL, dl)
				assert.NoError(t, err, "invoice %d %s", inv, dl.Stage)
			})
			close(stop)
			<-cutterDone
			require.NoError(t, ctx.Err())
			t.Logf("%s: %d connections cut, %d deliveries answered non-2xx and redelivered", d, proxy.cuts.Load(), failed.Load())
			assert.Positive(t, proxy.cuts.Load(), "connections were cut")
			assert.Positive(t, failed.Load(), "some deliveries failed on a cut and were redelivered")
			checkCredits(t, check.DB(), list)
		})
	}
}
