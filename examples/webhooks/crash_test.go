package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/sandboxproc"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // reads the orders table the merchant wrote
)

// The crash test's size: orders per provider and SIGKILLs of the merchant.
const (
	crashOrdersPerProvider = 50
	crashKills             = 40
)

// crashProviders are the providers the crash test pays through: Cryptopay
// and the gateway sign the whole body (processed as received); CryptoChill
// signs only callback_id, so every callback makes the merchant refresh the
// invoice from the sandbox's API.
var crashProviders = []string{"cryptopay", "gateway", "cryptochill"}

// payMode is how a crash-test order is paid.
type payMode int

const (
	payFull       payMode = iota // one payment of the whole amount: credited once
	payPartial                   // 40% only: never credited
	payPartialTop                // 40%, then the rest: credited once
)

// crashOrder is one invoice of the crash test.
type crashOrder struct {
	provider, id, reference string
	due                     decimal.Decimal
	mode                    payMode
}

// TestCrashCreditsOnce is issue 16's crash test: the merchant
// (examples/webhooks built as a binary, on an SQLite file) is killed with
// SIGKILL at random points while the standalone sandbox server
// (cmd/coinsdk-sandbox, another process) delivers webhooks and retries them
// on each provider's schedule compressed by -retry-scale, and restarted on
// the same port and file each time. At the end every notification was
// answered 2xx, every fully paid order is credited exactly once and no
// partially paid order at all. Both binaries are built without -race (the
// test process itself runs under it in make test): the point is the
// processes and the database, and an instrumented build would make each
// restart several times slower.
func TestCrashCreditsOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sandboxBin, merchantBin := buildCrashBinaries(t, dir)

	// The merchant's port, fixed across restarts as a provider's callback
	// URL is.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	merchantAddr := ln.Addr().String()
	require.NoError(t, ln.Close())

	// -retry-scale 1800: an hour becomes two seconds; every provider keeps
	// its own schedule's shape (CryptoChill doubling from 33 ms, Cryptopay
	// 30+n⁴+n "seconds" from 18 ms, the gateway doubling from 33 ms up to
	// 2 s, ten retries: its notifications give up after about 10 s).
	sb := sandboxproc.Start(t, sandboxBin, "-retry-scale", "1800")
	for _, p := range crashProviders {
		sb.Put(t, "/_sandbox/"+p+"/callback-url", map[string]string{"url": "http://" + merchantAddr + "/webhooks/" + p})
	}

	m := &merchant{bin: merchantBin, addr: merchantAddr, db: filepath.Join(dir, "shop.db"),
		env: append(sandboxproc.CleanEnv(), sb.Environ()...),
		log: filepath.Join(dir, "merchant.log"), credited: make(chan struct{}, 1)}
	require.NoError(t, m.start())
	t.Cleanup(m.kill)

	orders := createCrashOrders(t, sb)

	// Pay in batches, one per life of the merchant. The sandbox sends a
	// payment's notifications before its control API call answers, so the
	// payments are spread over 100 ms and the merchant is killed inside
	// that window, while deliveries (and the retries of earlier ones) are
	// being processed: every fourth time at a random moment, otherwise a
	// random 1–4 ms after its log line says it is crediting an order, to
	// land near the commit, where a credit made outside the delivery's
	// transaction would be counted twice. It stays down until the batch's
	// payments are made and up to 100 ms more (deliveries fail and are
	// retried on the schedule), is restarted, and serves 100–300 ms before
	// the next batch. (Down much longer than up, some notification would
	// fail nine times in a row and wait long for its next retry.)
	kills := 0
	for k := range crashKills {
		select { // a stale signal
		case <-m.credited:
		default:
		}
		var paying sync.WaitGroup
		for _, o := range orders[k*len(orders)/crashKills : (k+1)*len(orders)/crashKills] {
			paying.Add(1)
			go func() {
				defer paying.Done()
				time.Sleep(time.Duration(rand.IntN(100)) * time.Millisecond)
				assert.NoError(t, payCrashOrder(sb, o))
			}()
		}
		if kills%4 == 0 {
			time.Sleep(time.Duration(10+rand.IntN(100)) * time.Millisecond)
		} else {
			select {
			case <-m.credited:
			case <-time.After(150 * time.Millisecond):
			}
			time.Sleep(time.Duration(1000+rand.IntN(3000)) * time.Microsecond)
		}
		m.kill()
		kills++
		paying.Wait()
		time.Sleep(time.Duration(rand.IntN(100)) * time.Millisecond)
		require.NoError(t, m.start())
		// Up for a while before the next batch: the retries of what failed
		// while it was down come in (and the next kill may cut them too).
		time.Sleep(time.Duration(100+rand.IntN(200)) * time.Millisecond)
	}
	require.Equal(t, crashKills, kills)

	// The merchant now stays up: the sandbox's retries deliver everything
	// that failed while it was down.
	waitAllDelivered(t, sb, 60*time.Second)
	m.kill()

	failed, cut := 0, 0
	failures := map[string]int{} // per provider and error, for the log
	for _, p := range crashProviders {
		byID := map[string][]deliveryAttempt{}
		for _, d := range deliveries(t, sb, p) {
			byID[d.ID] = append(byID[d.ID], d)
			if d.StatusCode/100 != 2 {
				failed++
				e := d.Error
				if i := strings.LastIndex(e, ": "); i >= 0 {
					e = e[i:]
				}
				failures[fmt.Sprintf("%s %d%s", p, d.StatusCode, e)]++
				if strings.Contains(d.Error, "EOF") || strings.Contains(d.Error, "reset by peer") {
					cut++ // the merchant died with the request in hand
				}
			}
		}
		for id, attempts := range byID {
			ok := false
			for _, a := range attempts {
				ok = ok || a.StatusCode/100 == 2
			}
			assert.True(t, ok, "%s notification %s was never answered 2xx: %+v", p, id, attempts)
		}
	}
	assert.Positive(t, cut, "no delivery was cut mid-request: the kills never hit the merchant while it was processing")

	credits := readCredits(t, m.db)
	for _, o := range orders {
		switch o.mode {
		case payPartial:
			assert.Zero(t, credits[o.reference], "%s order %s (%s) was paid 40%% only and was credited", o.provider, o.reference, o.id)
		default:
			assert.Equal(t, 1, credits[o.reference], "%s order %s (%s) was paid in full: credits", o.provider, o.reference, o.id)
		}
		delete(credits, o.reference)
	}
	assert.Empty(t, credits, "credits for no order of the test")
	t.Logf("%d orders on %d providers, %d kills, %d failed delivery attempts: %v", len(orders), len(crashProviders), kills, failed, failures)
}

// buildCrashBinaries builds the sandbox server and this merchant into dir,
// in one go build.
func buildCrashBinaries(t *testing.T, dir string) (sandbox, merchant string) {
	t.Helper()
	cmd := exec.Command("go", "build", "-o", dir+string(filepath.Separator),
		"github.com/coinsdk/coinsdk/cmd/coinsdk-sandbox", "github.com/coinsdk/coinsdk/examples/webhooks")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return filepath.Join(dir, "coinsdk-sandbox"), filepath.Join(dir, "webhooks")
}

// deliveryAttempt is one attempt as GET /_sandbox/{p}/deliveries lists it.
type deliveryAttempt struct {
	ID         string `json:"id"`
	Attempt    int    `json:"attempt"`
	Type       string `json:"type"`
	ObjectID   string `json:"object_id"`
	StatusCode int    `json:"status_code"`
	Error      string `json:"error"`
}

func deliveries(t *testing.T, s *sandboxproc.Server, provider string) []deliveryAttempt {
	var out []deliveryAttempt
	s.Get(t, "/_sandbox/"+provider+"/deliveries", &out)
	return out
}

// notification is one notification as GET /_sandbox/{p}/notifications
// lists it.
type notification struct {
	ID          string    `json:"id"`
	ObjectID    string    `json:"object_id"`
	Attempts    int       `json:"attempts"`
	Delivered   bool      `json:"delivered"`
	NextRetry   time.Time `json:"next_retry"`
	RetriesLeft int       `json:"retries_left"`
}

// waitAllDelivered waits until every notification of every provider was
// answered 2xx (one whose retries ran out fails at the timeout, listed with
// retries_left 0). The timeout only turns a hang into a failure.
func waitAllDelivered(t *testing.T, sb *sandboxproc.Server, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var pending []notification
		for _, p := range crashProviders {
			var ns []notification
			sb.Get(t, "/_sandbox/"+p+"/notifications", &ns)
			for _, n := range ns {
				if n.Delivered {
					continue
				}
				pending = append(pending, n)
			}
		}
		if len(pending) == 0 {
			return
		}
		require.True(t, time.Now().Before(deadline), "still undelivered after %s: %+v", timeout, pending)
		time.Sleep(50 * time.Millisecond)
	}
}

// merchant is the examples/webhooks process, restarted on the same port
// and database file.
type merchant struct {
	bin, addr, db, log string
	env                []string
	// credited gets a signal (dropped when one is pending) each time the
	// merchant logs that it is crediting an order.
	credited chan struct{}

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// start runs the merchant and waits until it accepts connections.
func (m *merchant) start() error {
	logf, err := os.OpenFile(m.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(m.bin, "-addr", m.addr, "-db", "sqlite:"+m.db)
	cmd.Env = m.env
	cmd.Stdout, cmd.Stderr = logf, &creditWatch{w: logf, credited: m.credited}
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		return err
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); _ = logf.Close(); close(done) }()
	m.mu.Lock()
	m.cmd, m.done = cmd, done
	m.mu.Unlock()
	deadline := time.Now().Add(30 * time.Second) // not a measurement: a hang becomes a failure
	for {
		select {
		case <-done:
			b, _ := os.ReadFile(m.log)
			return fmt.Errorf("the merchant exited before listening:\n%s", b)
		default:
		}
		if c, err := net.DialTimeout("tcp", m.addr, time.Second); err == nil {
			return c.Close()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the merchant did not listen on %s in 30s", m.addr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// creditWatch copies the merchant's log to w and signals each "credit"
// line (logged just before the order's UPDATE, inside the transaction).
type creditWatch struct {
	w        io.Writer
	credited chan struct{}
}

func (c *creditWatch) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("msg=credit ")) {
		select {
		case c.credited <- struct{}{}:
		default:
		}
	}
	return c.w.Write(p)
}

// kill sends SIGKILL (no cleanup at all) and waits for the process to end.
func (m *merchant) kill() {
	m.mu.Lock()
	cmd, done := m.cmd, m.done
	m.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill() // SIGKILL on Unix
	<-done
}

// createCrashOrders creates the invoices through each provider's payments
// adapter, pointed at the sandbox server as the env file says, and picks
// how each is paid.
func createCrashOrders(t *testing.T, sb *sandboxproc.Server) []crashOrder {
	t.Helper()
	env := sb.Env
	cp, err := cryptopay.New(cryptopay.Config{APIKey: env["CRYPTOPAY_API_KEY"], APISecret: env["CRYPTOPAY_API_SECRET"],
		WebhookSecret: env["CRYPTOPAY_CALLBACK_SECRET"]}, option.WithBaseURL(env["CRYPTOPAY_BASE_URL"]))
	require.NoError(t, err)
	gw, err := gateway.New(gateway.Config{APIKey: env["GATEWAY_API_KEY"], APISecret: env["GATEWAY_API_SECRET"],
		WebhookSecret: env["GATEWAY_WEBHOOK_SECRET"]}, option.WithBaseURL(env["GATEWAY_BASE_URL"]))
	require.NoError(t, err)
	cc, err := cryptochill.New(cryptochill.Config{APIKey: env["CRYPTOCHILL_API_KEY"], APISecret: env["CRYPTOCHILL_API_SECRET"],
		WebhookSecret: env["CRYPTOCHILL_CALLBACK_TOKEN"], ProfileID: env["CRYPTOCHILL_PROFILE_ID"]},
		option.WithBaseURL(env["CRYPTOCHILL_BASE_URL"]))
	require.NoError(t, err)
	gwa, err := gateway.NewAdapter(gw, gateway.AdapterOptions{PaymentAsset: "BTC"})
	require.NoError(t, err)
	cpA, err := cryptopay.NewAdapter(cp, cryptopay.AdapterOptions{})
	require.NoError(t, err)
	ccA, err := cryptochill.NewAdapter(cc, cryptochill.AdapterOptions{})
	require.NoError(t, err)
	adapters := map[string]payments.Adapter{
		"cryptopay":   cpA,
		"gateway":     gwa,
		"cryptochill": ccA,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var orders []crashOrder
	for _, p := range crashProviders {
		for i := range crashOrdersPerProvider {
			ref := fmt.Sprintf("crash-%s-%03d", p, i)
			inv, err := adapters[p].CreateInvoice(ctx, &payments.InvoiceParams{
				Amount: payments.Money{Amount: decimal.RequireFromString("0.001"), Currency: "BTC"}, Asset: "BTC", Reference: ref})
			require.NoError(t, err, "%s: create invoice", p)
			require.True(t, inv.Due.Amount.IsPositive(), "%s invoice %s: due %s", p, inv.ID, inv.Due)
			orders = append(orders, crashOrder{provider: p, id: inv.ID, reference: ref, due: inv.Due.Amount, mode: payMode(i % 3)})
		}
	}
	rand.Shuffle(len(orders), func(i, j int) { orders[i], orders[j] = orders[j], orders[i] })
	return orders
}

// payCrashOrder pays o through the control API as its mode says, and
// confirms each payment.
func payCrashOrder(sb *sandboxproc.Server, o crashOrder) error {
	pay := func(amount decimal.Decimal) error {
		raw, err := sb.OK(http.MethodPost, "/_sandbox/"+o.provider+"/invoices/"+o.id+"/pay", map[string]string{"amount": amount.String()})
		if err != nil {
			return err
		}
		var tx struct {
			TxID string `json:"tx_id"`
		}
		if err := json.Unmarshal(raw, &tx); err != nil {
			return fmt.Errorf("%s: %w", raw, err)
		}
		_, err = sb.OK(http.MethodPost, "/_sandbox/"+o.provider+"/payments/"+tx.TxID+"/confirm", nil)
		return err
	}
	part := o.due.Mul(decimal.RequireFromString("0.4")).Truncate(8)
	switch o.mode {
	case payFull:
		return pay(o.due)
	case payPartial:
		return pay(part)
	default:
		if err := pay(part); err != nil {
			return err
		}
		time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond)
		return pay(o.due.Sub(part))
	}
}

// readCredits reads the merchant's orders table: credits per reference.
func readCredits(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	return dbtest.Counts(t, db, "SELECT reference, credits FROM orders")
}
