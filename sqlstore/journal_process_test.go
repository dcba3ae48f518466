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
// sender's claims end soon, and far longer than a sandbox call.
const childLease = 2 * time.Second

// outcome is one Send or Resolve result a child reports on stdout.
type outcome struct {
	Ref         string `json:"ref"`
	PayoutID    string `json:"payout_id,omitempty"`
	Err         string `json:"err,omitempty"`
	InProgress  bool   `json:"in_progress,omitempty"`
	NeedsPerson bool   `json:"needs_person,omitempty"`
	ID          string `json:"id,omitempty"` // the provider id a NeedsPersonError carries
}

const resultPrefix = "JOURNAL-RESULT "

// TestJournalChild is the child process of the multi-process tests (the
// test binary run again with envChild set); on its own it does nothing.
func TestJournalChild(t *testing.T) {
	mode := os.Getenv(envChild)
	if mode == "" {
		t.Skip("the child of TestJournalReplicas and TestJournalCrash; runs only when they start it")
	}
	ctx := context.Background()
	r := rigNamed(os.Getenv(envProvider))
	require.NotNil(t, r, "provider %q", os.Getenv(envProvider))
	var creds map[string]string
	require.NoError(t, json.Unmarshal([]byte(os.Getenv(envCreds)), &creds))
	a, err := r.adapter(os.Getenv(envBase), creds)
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
	switch mode {
	case "resolve":
		results, err := s.Resolve(ctx)
		require.NoError(t, err)
		for _, res := range results {
			o := outcome{Ref: res.Reference}
			if res.Payout != nil {
				o.PayoutID = res.Payout.ID
			}
			describe(&o, res.Err)
			report(o)
		}
		fmt.Println(resultPrefix + "resolved")
		// The merchant's own loop runs again after the restart.
		fallthrough
	case "send":
		var wg sync.WaitGroup
		for _, ref := range refs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := s.Send(ctx, r.params(ref))
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
	}
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

func startChild(t *testing.T, mode string, db dbtest.DB, r *rig, sb *sandbox, base string, refs []string, start time.Time) *child {
	t.Helper()
	creds, _ := json.Marshal(sb.creds)
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), envChild+"="+mode, envDB+"="+db.URL, envProvider+"="+r.name, envBase+"="+base,
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

// wait waits for the child to end and returns its outcomes by reference
// (the last one reported for each) and its full output.
func (c *child) wait(t *testing.T) (map[string]outcome, string) {
	t.Helper()
	select {
	case err := <-c.done:
		require.NoError(t, err, "child failed:\n%s", c.out.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("child did not end:\n%s", c.out.String())
	}
	return outcomes(t, c.out.String())
}

func outcomes(t *testing.T, out string) (map[string]outcome, string) {
	got := map[string]outcome{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), resultPrefix)
		if !ok || !strings.HasPrefix(line, "{") {
			continue
		}
		var o outcome
		require.NoError(t, json.Unmarshal([]byte(line), &o))
		got[o.Ref] = o
	}
	return got, out
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
// database, ask for the same references at the same moment, concurrently.
// Exactly one create per reference reaches the sandbox (the gateway, which
// cannot deduplicate: a second request would be a second withdrawal).
func TestJournalReplicas(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in a child process")
	}
	r := rigNamed("gateway")
	for _, d := range dbtest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.Fresh(t, d)
			store := dbtest.Open(t, db) // migrated once, before the replicas start
			sb := r.start(t)
			var creates atomic.Int64
			proxy := newProxy(t, sb.URL, func(req *http.Request) proxyAction {
				if r.isCreate(req) {
					creates.Add(1)
				}
				return forward
			})
			refs := refsFor("replica-"+string(d), 40)
			start := time.Now().Add(1500 * time.Millisecond) // both processes up and connected
			a := startChild(t, "send", db, r, sb, proxy.URL, refs, start)
			b := startChild(t, "send", db, r, sb, proxy.URL, refs, start)
			ra, _ := a.wait(t)
			rb, _ := b.wait(t)
			per, total := sb.made(t, refs)
			for _, ref := range refs {
				assert.Equal(t, 1, per[ref], "withdrawals made for %s", ref)
				oa, ob := ra[ref], rb[ref]
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
				e, err := store.Journal().Get(context.Background(), ref)
				require.NoError(t, err)
				assert.Equal(t, payouts.StateDone, e.State, ref)
			}
			inProgress := 0
			for _, o := range append(values(ra), values(rb)...) {
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

// TestJournalCrash: on each provider and database, a sender process is
// killed with SIGKILL while a payout create is in flight (before the
// sandbox did it, or after it did and before the answer arrived), and once
// more at a random moment of its run, then restarted: it runs Resolve and
// then its own loop again. Each reference is
// paid exactly once in the sandbox; on the gateway the interrupted one is
// never sent again and is reported for a person.
func TestJournalCrash(t *testing.T) {
	if os.Getenv(envChild) != "" {
		t.Skip("in a child process")
	}
	for _, d := range dbtest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			for i := range rigs {
				r := &rigs[i]
				for _, afterWork := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s/afterWork=%v", r.name, afterWork), func(t *testing.T) {
						t.Parallel()
						// A database of its own: Resolve settles every open
						// payout of its provider in the journal, and each
						// subtest has its own sandbox (its own provider account).
						db := dbtest.Fresh(t, d)
						dbtest.Open(t, db)
						crashOnce(t, db, r, afterWork)
					})
				}
				t.Run(r.name+"/random", func(t *testing.T) {
					t.Parallel()
					db := dbtest.Fresh(t, d)
					dbtest.Open(t, db)
					crashAtRandom(t, db, r)
				})
			}
		})
	}
}

func crashOnce(t *testing.T, db dbtest.DB, r *rig, afterWork bool) {
	sb := r.start(t)
	refs := refsFor(fmt.Sprintf("crash-%s-%v-%d", r.name, afterWork, rand.IntN(1e6)), 6)
	killAt := 1 + rand.IntN(len(refs)-1) // the create of refs[killAt]: some done before it
	var seen atomic.Int64
	killed := make(chan struct{})
	armed := make(chan struct{}, 1)
	proxy := newProxy(t, sb.URL, func(req *http.Request) proxyAction {
		if !r.isCreate(req) || int(seen.Add(1)) != killAt+1 {
			return forward
		}
		armed <- struct{}{}
		if afterWork {
			return forwardThenHang(killed)
		}
		return hang(killed)
	})
	c := startChild(t, "send", db, r, sb, proxy.URL, refs, time.Time{})
	select {
	case <-armed:
	case err := <-c.done:
		t.Fatalf("the sender ended before the kill point: %v\n%s", err, c.out.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("the kill point never came:\n%s", c.out.String())
	}
	if afterWork {
		proxy.waitForwarded(t)
	}
	require.NoError(t, c.cmd.Process.Signal(syscall.SIGKILL))
	<-c.done
	close(killed)
	before, _ := outcomes(t, c.out.String())
	require.Len(t, before, killAt, "payouts finished before the kill")

	time.Sleep(childLease + 200*time.Millisecond) // the dead sender's claim ends
	after, out := startChild(t, "resolve", db, r, sb, proxy.URL, refs, time.Time{}).wait(t)
	per, total := sb.made(t, refs)
	victim := refs[killAt]
	gateway := r.name == "gateway"
	for _, ref := range refs {
		o := after[ref]
		switch {
		case ref == victim && gateway:
			assert.True(t, o.NeedsPerson, "%s: the interrupted gateway payout is reported for a person: %+v\n%s", ref, o, out)
			want := 0
			if afterWork {
				want = 1
			}
			assert.Equal(t, want, per[ref], "%s: the gateway made it %d times; it must never be sent again", ref, per[ref])
		default:
			assert.Empty(t, o.Err, "%s\n%s", ref, out)
			assert.Equal(t, 1, per[ref], "%s paid %d times in the sandbox", ref, per[ref])
		}
	}
	want := len(refs)
	if gateway && !afterWork {
		want--
	}
	assert.Equal(t, want, total, "payouts in the sandbox")
}

// crashAtRandom kills the sender at a random moment of its run (between
// any two statements, or during a request), restarts it, and checks the
// same: every reference paid exactly once, except that on the gateway the
// one interrupted in flight (at most one: the sender sends one at a time)
// may wait for a person, paid at most once.
func crashAtRandom(t *testing.T, db dbtest.DB, r *rig) {
	sb := r.start(t)
	refs := refsFor(fmt.Sprintf("random-%s-%d", r.name, rand.IntN(1e6)), 10)
	first := make(chan struct{})
	var once sync.Once
	proxy := newProxy(t, sb.URL, func(req *http.Request) proxyAction {
		if r.isCreate(req) {
			once.Do(func() { close(first) })
		}
		return forward
	})
	c := startChild(t, "send", db, r, sb, proxy.URL, refs, time.Time{})
	select {
	case <-first:
	case <-time.After(2 * time.Minute):
		t.Fatalf("the sender never sent:\n%s", c.out.String())
	}
	time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
	before, _ := outcomes(t, c.out.String())

	time.Sleep(childLease + 200*time.Millisecond)
	after, out := startChild(t, "resolve", db, r, sb, proxy.URL, refs, time.Time{}).wait(t)
	per, total := sb.made(t, refs)
	sum, waiting := 0, 0
	for _, ref := range refs {
		o := after[ref]
		sum += per[ref]
		if r.name == "gateway" && o.NeedsPerson {
			waiting++
			assert.LessOrEqual(t, per[ref], 1, "%s: the gateway made it %d times", ref, per[ref])
			continue
		}
		assert.Empty(t, o.Err, "%s\n%s", ref, out)
		assert.Equal(t, 1, per[ref], "%s paid %d times in the sandbox", ref, per[ref])
	}
	assert.LessOrEqual(t, waiting, 1, "payouts waiting for a person")
	assert.Equal(t, sum, total, "payouts in the sandbox")
	t.Logf("killed after %d of %d payouts; %d waiting for a person", len(before), len(refs), waiting)
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

// forwardThenHang lets the sandbox do the work, then holds its answer until
// released (the sender is killed after the provider made the payout and
// before it heard so).
func forwardThenHang(release <-chan struct{}) proxyAction {
	return func(w http.ResponseWriter, req *http.Request, p *proxy) {
		rec := httptest.NewRecorder()
		p.rp.ServeHTTP(rec, req)
		close(p.forwarded)
		<-release
	}
}

// proxy sits between the child sender and the sandbox, so the test can
// choose the moment of the kill.
type proxy struct {
	URL       string
	rp        *httputil.ReverseProxy
	forwarded chan struct{}
}

func newProxy(t *testing.T, target string, decide func(*http.Request) proxyAction) *proxy {
	u, err := url.Parse(target)
	require.NoError(t, err)
	p := &proxy{rp: httputil.NewSingleHostReverseProxy(u), forwarded: make(chan struct{})}
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

func (p *proxy) waitForwarded(t *testing.T) {
	select {
	case <-p.forwarded:
	case <-time.After(time.Minute):
		t.Fatal("the sandbox never answered the held create")
	}
}
