package sqlstore_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/sandboxproc"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The child process's instructions travel in the environment.
const (
	envChild    = "COINSDK_JOURNAL_CHILD" // "send" or "resolve"
	envDB       = "COINSDK_JOURNAL_DB"
	envProvider = "COINSDK_JOURNAL_PROVIDER"
	envBase     = "COINSDK_JOURNAL_BASE"
	envCreds    = "COINSDK_JOURNAL_CREDS"
	envRefs     = "COINSDK_JOURNAL_REFS"
	envStart    = "COINSDK_JOURNAL_START" // unix nanoseconds to start at (replicas)
	envLease    = "COINSDK_JOURNAL_LEASE"
)

// childLease is the claim lease of the child senders: short, so a killed
// sender's claims end soon (the crash test waits for it once per run), and
// far longer than a sandbox call even on a loaded 2-core machine under
// -race (a create cut by its lease's deadline is an unknown outcome, which
// on the gateway would wait for a person).
const childLease = 4 * time.Second

// outcome is one Send or Resolve result a child reports on stdout.
type outcome struct {
	Ref         string `json:"ref"`
	PayoutID    string `json:"payout_id,omitempty"`
	Err         string `json:"err,omitempty"`
	InProgress  bool   `json:"in_progress,omitempty"`
	NeedsPerson bool   `json:"needs_person,omitempty"`
	ID          string `json:"id,omitempty"` // the provider id a NeedsPersonError carries
	// Resolve marks a result of Resolve (else of Send).
	Resolve bool `json:"resolve,omitempty"`
}

const resultPrefix = "JOURNAL-RESULT "

// TestJournalChild is the child process of the multi-process tests (the
// test binary run again with envChild set); on its own it does nothing.
// Its adapter sends to the standalone sandbox server (through the test's
// proxy) with the server's sandbox credentials.
func TestJournalChild(t *testing.T) {
	mode := os.Getenv(envChild)
	if mode == "" {
		t.Skip("the child of TestJournalReplicas and TestJournalCrash; runs only when they start it")
	}
	ctx := t.Context()
	r := rigNamed(os.Getenv(envProvider))
	require.NotNil(t, r, "provider %q", os.Getenv(envProvider))
	var env map[string]string
	require.NoError(t, json.Unmarshal([]byte(os.Getenv(envCreds)), &env))
	a, err := r.adapter(env, os.Getenv(envBase))
	require.NoError(t, err)
	store, err := sqlstore.Open(ctx, os.Getenv(envDB))
	require.NoError(t, err)
	defer store.Close()
	lease, err := time.ParseDuration(os.Getenv(envLease))
	require.NoError(t, err)
	s, err := payouts.NewSender(a, store.Journal(), payouts.WithOwner(fmt.Sprintf("child-%d", os.Getpid())), payouts.WithLease(lease))
	require.NoError(t, err)
	refs := strings.Split(os.Getenv(envRefs), ",")
	if start, _ := strconv.ParseInt(os.Getenv(envStart), 10, 64); start > 0 {
		time.Sleep(time.Until(time.Unix(0, start)))
	}
	var mu sync.Mutex
	report := func(o outcome) {
		b, _ := json.Marshal(o)
		mu.Lock()
		fmt.Println(resultPrefix + string(b))
		mu.Unlock()
	}
	if mode == "run" {
		// A restarted merchant: Resolve first, then its own loop again.
		results, err := s.Resolve(ctx)
		require.NoError(t, err)
		for _, res := range results {
			o := outcome{Ref: res.Reference, Resolve: true}
			if res.Payout != nil {
				o.PayoutID = res.Payout.ID
			}
			describe(&o, res.Err)
			report(o)
		}
	}
	var wg sync.WaitGroup
	for _, ref := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := s.Send(ctx, r.params(ref))
			for try := 0; try < 3 && errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, payments.ErrUnknownOutcome); try++ {
				// The claim's time ran out before the request left (a
				// claim waiting long for SQLite's write lock on a loaded
				// machine): nothing was sent, and a merchant sends again.
				p, err = s.Send(ctx, r.params(ref))
			}
			o := outcome{Ref: ref}
			if p != nil {
				o.PayoutID = p.ID
			}
			describe(&o, err)
			report(o)
		}()
		if os.Getenv(envStart) == "" {
			wg.Wait() // one at a time: the crash test kills between two
		}
	}
	wg.Wait()
	// A merchant's graceful exit: the outcomes written behind Send land.
	// (A kill before this leaves them open, for the next run's Resolve.)
	require.NoError(t, s.Flush(ctx))
}

func describe(o *outcome, err error) {
	if err == nil {
		return
	}
	o.Err = err.Error()
	o.InProgress = errors.Is(err, payouts.ErrInProgress)
	var np *payouts.NeedsPersonError
	if errors.As(err, &np) {
		o.NeedsPerson, o.ID = true, np.ID
	}
}

// child is a started child process and its reported outcomes.
type child struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	done chan error
}

func startChild(t *testing.T, mode string, db dbtest.DB, r *rig, sb *sandboxServer, base string, refs []string, start time.Time) *child {
	t.Helper()
	creds, _ := json.Marshal(sb.Env) // the sandbox server's own credentials
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalChild$", "-test.count=1", "-test.v")
	cmd.Env = append(sandboxproc.CleanEnv(), envChild+"="+mode, envDB+"="+db.URL, envProvider+"="+r.name, envBase+"="+base,
		envCreds+"="+string(creds), envRefs+"="+strings.Join(refs, ","), envLease+"="+childLease.String())
	if !start.IsZero() {
		cmd.Env = append(cmd.Env, envStart+"="+strconv.FormatInt(start.UnixNano(), 10))
	}
	c := &child{cmd: cmd, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = &c.out, &c.out
	require.NoError(t, cmd.Start())
	go func() { c.done <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return c
}

// wait waits for the child to end and returns its outcomes.
func (c *child) wait(t *testing.T) (report, string) {
	t.Helper()
	select {
	case err := <-c.done:
		require.NoError(t, err, "child failed:\n%s", c.out.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("child did not end:\n%s", c.out.String())
	}
	return outcomes(t, c.out.String()), c.out.String()
}

// report is what a child said: the last Send outcome and the Resolve
// result for each reference.
type report struct {
	sends, resolved map[string]outcome
}

func outcomes(t *testing.T, out string) report {
	rep := report{sends: map[string]outcome{}, resolved: map[string]outcome{}}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), resultPrefix)
		if !ok || !strings.HasPrefix(line, "{") {
			continue
		}
		var o outcome
		require.NoError(t, json.Unmarshal([]byte(line), &o))
		if o.Resolve {
			rep.resolved[o.Ref] = o
		} else {
			rep.sends[o.Ref] = o
		}
	}
	return rep
}

func values(m map[string]outcome) []outcome {
	out := make([]outcome, 0, len(m))
	for _, o := range m {
		out = append(out, o)
	}
	return out
}

func refsFor(prefix string, n int) []string {
	refs := make([]string, n)
	for i := range refs {
		refs[i] = fmt.Sprintf("%s-%02d", prefix, i)
	}
	return refs
}

// TestJournalReplicas: two sender processes, each with its own pool on one
// database, ask for the same references at the same moment, concurrently,
// through the standalone sandbox server. Exactly one create per reference
// reaches it (on the gateway, which cannot deduplicate: a second request
// would be a second withdrawal).
func TestJournalReplicas(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in a child process")
	}
	r := rigNamed("gateway")
	sb := startSandbox(t)
	for _, d := range dbtest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.Fresh(t, d)
			store := dbtest.Open(t, db) // migrated once, before the replicas start
			var creates atomic.Int64
			proxy := newProxy(t, sb.URL, func(req *http.Request) proxyAction {
				if r.isCreate(req) {
					creates.Add(1)
				}
				return forward
			})
			refs := refsFor("replica-"+string(d), 40)
			start := time.Now().Add(1500 * time.Millisecond) // both processes up and connected
			base := sb.via(t, r.name, proxy.URL)
			a := startChild(t, "send", db, r, sb, base, refs, start)
			b := startChild(t, "send", db, r, sb, base, refs, start)
			ra, _ := a.wait(t)
			rb, _ := b.wait(t)
			per, total := sb.made(t, r, refs)
			for _, ref := range refs {
				assert.Equal(t, 1, per[ref], "withdrawals made for %s", ref)
				oa, ob := ra.sends[ref], rb.sends[ref]
				// Each reference: one process sent it; the other got it from
				// the journal (done) or was told it is in progress.
				okA, okB := oa.Err == "", ob.Err == ""
				assert.True(t, okA || okB, "%s: neither replica got the payout: %+v / %+v", ref, oa, ob)
				for _, o := range []outcome{oa, ob} {
					if o.Err != "" {
						assert.True(t, o.InProgress, "%s: %s", ref, o.Err)
					}
				}
				if okA && okB {
					assert.Equal(t, oa.PayoutID, ob.PayoutID, ref)
				}
				e, err := store.Journal().Get(t.Context(), ref)
				require.NoError(t, err)
				assert.Equal(t, payouts.StateDone, e.State, ref)
			}
			inProgress := 0
			for _, o := range append(values(ra.sends), values(rb.sends)...) {
				if o.InProgress {
					inProgress++
				}
			}
			t.Logf("%d references, %d answered in progress to one replica while the other sent them", len(refs), inProgress)
			assert.Equal(t, len(refs), total, "withdrawals in the sandbox")
			assert.EqualValues(t, len(refs), creates.Load(), "create requests that reached the sandbox")
		})
	}
}

// The kinds of kill TestJournalCrash makes, in a shuffled order per
// provider and database: two land on the two moments that matter, which a
// random kill hits only now and then; the others land anywhere.
const (
	// killBeforeProvider: a create is on its way (the proxy holds it) and
	// the sandbox never sees it.
	killBeforeProvider = iota
	// killAfterProvider: the sandbox made the payout and its answer is on
	// its way back (the proxy holds it): the journal never hears of it.
	killAfterProvider
	// killAtRandom: 0–25 ms after the life's first create reached the proxy:
	// in a statement, between two, in a request, or between two payouts.
	killAtRandom
)

// crashLife is one life of the killed sender, as the proxy sees it.
type crashLife struct {
	kind int
	// at is the create (counted from 1 in this life) the kill waits for.
	at        int64
	seen      atomic.Int64
	armOnce   sync.Once
	armed     chan struct{} // closed when create number at arrives
	forwarded chan struct{} // closed when the sandbox answered it (killAfterProvider)
	release   chan struct{} // closed after the kill: held requests end
}

// TestJournalCrash is issue 16's payout crash test. For each provider and
// each database, a sender process (this test binary, on the database's
// journal) pays ten references one at a time through the standalone
// sandbox server (cmd/coinsdk-sandbox, built and run as its own process),
// and is killed with SIGKILL four times: once with a create on its way to
// the sandbox, once after the sandbox made the payout and before the answer
// reached the sender, twice at a random moment. Each time it is restarted
// and runs Resolve, then its loop. After the last kill, once the dead
// senders' leases ended, a last life runs Resolve and the loop to the end.
// Counted from the sandbox's own payouts (its control API): each reference
// is paid at most once; exactly once, and recorded as done, on the four
// providers that deduplicate a repeated create or look a payout up; on the
// gateway, which can do neither, every payout left open by a kill is never
// sent again, and Resolve and Send report it as needing a person.
//
// The fifteen provider × database runs run at once (most of their time is
// spent waiting for processes and leases), each on its own database and
// its own references in one sandbox server.
func TestJournalCrash(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in a child process")
	}
	sb := startSandbox(t)
	var wg sync.WaitGroup
	for _, d := range dbtest.Dialects {
		for i := range rigs {
			r := &rigs[i]
			wg.Add(1)
			go func() {
				defer wg.Done()
				t.Run(string(d)+"/"+r.name, func(t *testing.T) {
					db := dbtest.Fresh(t, d)
					crashAndResolve(t, dbtest.Open(t, db), db, sb, r)
				})
			}()
		}
	}
	wg.Wait()
}

func crashAndResolve(t *testing.T, store *sqlstore.Store, db dbtest.DB, sb *sandboxServer, r *rig) {
	refs := refsFor(fmt.Sprintf("crash-%s-%s-%d", db.Dialect, r.name, rand.IntN(1e6)), 10)
	kinds := []int{killBeforeProvider, killAfterProvider, killAtRandom, killAtRandom}
	rand.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	var cur atomic.Pointer[crashLife]
	proxy := newProxy(t, sb.URL, func(req *http.Request) proxyAction {
		l := cur.Load()
		if l == nil || !r.isCreate(req) {
			return forward
		}
		n := l.seen.Add(1)
		if l.kind == killAtRandom {
			if n == 1 {
				l.armOnce.Do(func() { close(l.armed) })
			}
			return forward
		}
		if n != l.at {
			return forward
		}
		l.armOnce.Do(func() { close(l.armed) })
		if l.kind == killAfterProvider {
			return func(w http.ResponseWriter, req *http.Request, p *proxy) {
				p.rp.ServeHTTP(httptest.NewRecorder(), req)
				close(l.forwarded)
				<-l.release
			}
		}
		return hang(l.release)
	})
	base := sb.via(t, r.name, proxy.URL)

	killed, deterministic := 0, 0
	var lastKill time.Time
	for _, kind := range kinds {
		l := &crashLife{kind: kind, at: 1 + rand.Int64N(2), armed: make(chan struct{}), forwarded: make(chan struct{}), release: make(chan struct{})}
		cur.Store(l)
		c := startChild(t, "run", db, r, sb, base, refs, time.Time{})
		select {
		case <-l.armed:
		case err := <-c.done:
			// Everything left was done or claimed by a dead sender: this
			// life ended on its own.
			require.NoError(t, err, c.out.String())
			close(l.release)
			continue
		case <-time.After(time.Minute):
			t.Fatalf("the sender never reached its kill point:\n%s", c.out.String())
		}
		switch kind {
		case killAfterProvider:
			select {
			case <-l.forwarded:
			case <-time.After(time.Minute):
				t.Fatal("the sandbox never answered the held create")
			}
			deterministic++
		case killBeforeProvider:
			deterministic++
		case killAtRandom:
			time.Sleep(time.Duration(rand.IntN(25_000)) * time.Microsecond)
		}
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		<-c.done
		lastKill = time.Now()
		close(l.release)
		killed++
	}
	cur.Store(nil)
	assert.GreaterOrEqual(t, killed, 3, "kills that landed while the sender was running")

	time.Sleep(time.Until(lastKill.Add(childLease + 200*time.Millisecond))) // the dead senders' claims end
	last, out := startChild(t, "run", db, r, sb, base, refs, time.Time{}).wait(t)

	per, total := sb.made(t, r, refs)
	gateway := r.name == "gateway"
	waiting := 0
	for _, ref := range refs {
		assert.LessOrEqual(t, per[ref], 1, "%s: paid %d times in the sandbox", ref, per[ref])
		o := last.sends[ref]
		e, err := store.Journal().Get(t.Context(), ref)
		require.NoError(t, err, ref)
		if gateway && e.State == payouts.StateAttention {
			// Left open by a kill: never sent again, and reported.
			waiting++
			assert.True(t, o.NeedsPerson, "%s: Send reports it for a person: %+v", ref, o)
			assert.True(t, last.resolved[ref].NeedsPerson, "%s: Resolve reports it for a person: %+v\n%s", ref, last.resolved[ref], out)
			continue
		}
		assert.Empty(t, o.Err, "%s\n%s", ref, out)
		assert.Equal(t, 1, per[ref], "%s paid %d times in the sandbox", ref, per[ref])
		assert.Equal(t, payouts.StateDone, e.State, ref)
		assert.Equal(t, e.PayoutID, o.PayoutID, ref)
	}
	if gateway {
		// Each deterministic kill leaves its payout open (one create in
		// flight at a time); a random one may.
		assert.GreaterOrEqual(t, waiting, deterministic, "gateway payouts waiting for a person")
		assert.LessOrEqual(t, waiting, killed, "gateway payouts waiting for a person")
	} else {
		assert.Equal(t, len(refs), total, "payouts in the sandbox")
	}
	t.Logf("%d kills (%v); %d of %d references paid; %d waiting for a person", killed, kinds, total, len(refs), waiting)
}

// proxyAction is what the proxy does with one request.
type proxyAction func(w http.ResponseWriter, req *http.Request, p *proxy)

// forward passes the request to the sandbox and its answer back.
func forward(w http.ResponseWriter, req *http.Request, p *proxy) { p.rp.ServeHTTP(w, req) }

// hang holds the request without passing it on until released (the
// sender is killed before the provider saw the payout).
func hang(release <-chan struct{}) proxyAction {
	return func(http.ResponseWriter, *http.Request, *proxy) { <-release }
}

// proxy sits between the child sender and the sandbox, so the test can
// choose the moment of the kill.
type proxy struct {
	URL string
	rp  *httputil.ReverseProxy
}

func newProxy(t *testing.T, target string, decide func(*http.Request) proxyAction) *proxy {
	u, err := url.Parse(target)
	require.NoError(t, err)
	p := &proxy{rp: httputil.NewSingleHostReverseProxy(u)}
	p.rp.ErrorLog = nil
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
		decide(req)(w, req, p)
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}
