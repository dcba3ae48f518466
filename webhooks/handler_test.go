package webhooks

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeVerifier is a provider whose webhooks are JSON
// {"delivery":…,"object":…,"status":…,"amount":…,"signed":bool,"kind":…},
// "verified" when the X-Sig header is "good". Signed bodies are trusted as
// they are; unsigned ones are refreshed from api, the provider's state.
type fakeVerifier struct {
	mu         sync.Mutex
	api        map[string]payments.Status // object → status the API returns
	refreshErr error
	refreshes  int
}

type fakeBody struct {
	Delivery string          `json:"delivery"`
	Object   string          `json:"object"`
	Status   payments.Status `json:"status"`
	Amount   string          `json:"amount"`
	Signed   bool            `json:"signed"`
	Kind     string          `json:"kind"`
}

func (f *fakeVerifier) Name() string                        { return "fake" }
func (f *fakeVerifier) Capabilities() payments.Capabilities { return payments.CapWebhooks }
func (f *fakeVerifier) As(any) bool                         { return false }

func (f *fakeVerifier) ParseWebhook(r *http.Request) (*payments.Event, error) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("fake: %w: %w", payments.ErrPayloadTooLarge, err)
	}
	if r.Header.Get("X-Sig") != "good" {
		return nil, fmt.Errorf("fake: %w", payments.ErrInvalidSignature)
	}
	var b fakeBody
	if err := json.Unmarshal(raw, &b); err != nil || b.Delivery == "" {
		return nil, fmt.Errorf("fake: %w", payments.ErrMalformed)
	}
	ev := &payments.Event{Provider: "fake", ID: b.Delivery, Kind: payments.EventInvoice, Type: "invoice_" + string(b.Status),
		Status: b.Status, ObjectID: b.Object, BodyAuthenticated: b.Signed, SignatureCovers: "test", Raw: raw}
	if b.Kind == "other" {
		ev.Kind, ev.ObjectID = payments.EventOther, ""
	}
	if b.Signed {
		ev.DedupeKey = b.Object + ":" + string(b.Status) + ":" + b.Amount
	}
	return ev, nil
}

func (f *fakeVerifier) Refresh(_ context.Context, ev *payments.Event) (*payments.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshes++
	if f.refreshErr != nil {
		return nil, f.refreshErr
	}
	st, ok := f.api[ev.ObjectID]
	if !ok {
		return nil, fmt.Errorf("fake: %w", payments.ErrNotFound)
	}
	out := *ev
	out.Status, out.BodyAuthenticated, out.DedupeKey = st, true, ev.ObjectID+":"+string(st)
	return &out, nil
}

// delivery builds a webhook request.
func delivery(b fakeBody) *http.Request {
	body, _ := json.Marshal(b)
	r := httptest.NewRequest(http.MethodPost, "/webhooks/fake", bytes.NewReader(body))
	r.Header.Set("X-Sig", "good")
	return r
}

// recorder is a merchant: it credits an order when it enters a success status.
type recorder struct {
	mu      sync.Mutex
	updates []Update
	credits map[string]int
	fail    error
}

func (m *recorder) process(_ context.Context, u Update) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.updates = append(m.updates, u)
	if u.Changed() && u.Status.IsSuccess() {
		if m.credits == nil {
			m.credits = map[string]int{}
		}
		m.credits[u.Event.ObjectID]++
	}
	return nil
}

func serve(h http.Handler, r *http.Request) (int, string) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	var out map[string]string
	_ = json.Unmarshal(rec.Body.Bytes(), &out)
	return rec.Code, out["status"]
}

func permutations(xs []payments.Status) [][]payments.Status {
	if len(xs) <= 1 {
		return [][]payments.Status{append([]payments.Status(nil), xs...)}
	}
	var out [][]payments.Status
	for i := range xs {
		rest := append(append([]payments.Status(nil), xs[:i]...), xs[i+1:]...)
		for _, p := range permutations(rest) {
			out = append(out, append([]payments.Status{xs[i]}, p...))
		}
	}
	return out
}

// Every order of delivery, each delivered twice, ends in the right status and
// credits once.
func TestEveryOrderOfDelivery(t *testing.T) {
	statuses := []payments.Status{payments.StatusPending, payments.StatusConfirming, payments.StatusPaid, payments.StatusRefunded}
	want := map[int]payments.Status{3: payments.StatusRefunded, 2: payments.StatusPaid}
	for _, n := range []int{3, 4} {
		for _, order := range permutations(statuses[:n]) {
			t.Run(fmt.Sprint(order), func(t *testing.T) {
				store, m := NewMemoryStore(), &recorder{}
				h := NewHandler(&fakeVerifier{}, store, m.process)
				for _, st := range order {
					for range 2 {
						code, _ := serve(h, delivery(fakeBody{Delivery: "d-" + string(st), Object: "inv-1", Status: st, Signed: true}))
						require.Equal(t, http.StatusOK, code)
					}
				}
				got, _ := store.Status(context.Background(), "fake:invoice:inv-1")
				assert.Equal(t, want[n-1], got)
				assert.Len(t, m.updates, n, "each notification processed once")
				// Paid is credited once, and never after a refund was recorded.
				refundFirst := true
				for _, st := range order {
					if st == payments.StatusRefunded {
						break
					}
					if st == payments.StatusPaid {
						refundFirst = false
					}
				}
				wantCredits := 1
				if n == 4 && refundFirst {
					wantCredits = 0 // the refund arrived first: the stale paid changes nothing
				}
				assert.Equal(t, wantCredits, m.credits["inv-1"])
			})
		}
	}
}

func TestRedeliveryIsAcknowledgedNotProcessed(t *testing.T) {
	store, m := NewMemoryStore(), &recorder{}
	h := NewHandler(&fakeVerifier{}, store, m.process)
	b := fakeBody{Delivery: "d1", Object: "inv-1", Status: payments.StatusPaid, Amount: "1", Signed: true}
	code, msg := serve(h, delivery(b))
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, answerProcessed, msg)
	code, msg = serve(h, delivery(b))
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, answerDuplicate, msg)
	assert.Len(t, m.updates, 1)
	// Two partial payments (same status, another amount) are two notifications.
	b2 := b
	b2.Amount = "2"
	code, msg = serve(h, delivery(b2))
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, answerProcessed, msg)
	assert.Len(t, m.updates, 2)
	assert.False(t, m.updates[1].Changed())
}

// flakyStore fails chosen calls of its transactions once.
type flakyStore struct {
	*MemoryStore
	failSeen, failStatus, failRecord, failRemember int
}

var errDown = errors.New("database down")

func (s *flakyStore) Transact(ctx context.Context, object string, fn func(context.Context, Tx) error) error {
	return s.MemoryStore.Transact(ctx, object, func(ctx context.Context, tx Tx) error {
		return fn(ctx, flakyTx{tx, s})
	})
}

type flakyTx struct {
	Tx
	s *flakyStore
}

func fail(n *int) error {
	if *n > 0 {
		*n--
		return errDown
	}
	return nil
}

func (t flakyTx) Seen(ctx context.Context, k string) (bool, error) {
	if err := fail(&t.s.failSeen); err != nil {
		return false, err
	}
	return t.Tx.Seen(ctx, k)
}
func (t flakyTx) Status(ctx context.Context) (payments.Status, error) {
	if err := fail(&t.s.failStatus); err != nil {
		return "", err
	}
	return t.Tx.Status(ctx)
}
func (t flakyTx) Record(ctx context.Context, u Update) error {
	if err := fail(&t.s.failRecord); err != nil {
		return err
	}
	return t.Tx.Record(ctx, u)
}
func (t flakyTx) Remember(ctx context.Context, k string) error {
	if err := fail(&t.s.failRemember); err != nil {
		return err
	}
	return t.Tx.Remember(ctx, k)
}

// A failure after processing (recording the status, or remembering the
// key) rolls the whole delivery back: 503, no status, no key; the provider
// delivers again and the same Update is processed again, once it commits.
func TestFailureAfterProcessingRollsBack(t *testing.T) {
	for name, store := range map[string]*flakyStore{
		"record":   {MemoryStore: NewMemoryStore(), failRecord: 1},
		"remember": {MemoryStore: NewMemoryStore(), failRemember: 1},
	} {
		t.Run(name, func(t *testing.T) {
			m := &recorder{}
			h := NewHandler(&fakeVerifier{}, store, m.process)
			b := fakeBody{Delivery: "d1", Object: "inv-1", Status: payments.StatusPaid, Signed: true}
			code, _ := serve(h, delivery(b))
			assert.Equal(t, http.StatusServiceUnavailable, code)
			seen, _ := store.Seen(context.Background(), "fake:inv-1:paid:")
			assert.False(t, seen, "the key is not remembered")
			got, _ := store.Status(context.Background(), "fake:invoice:inv-1")
			assert.Empty(t, got, "the status is not recorded")
			assert.Empty(t, store.Records())

			code, _ = serve(h, delivery(b))
			assert.Equal(t, http.StatusOK, code)
			require.Len(t, m.updates, 2)
			assert.Equal(t, m.updates[0], m.updates[1], "the same update again")
			assert.True(t, m.updates[1].Changed())
			got, _ = store.Status(context.Background(), "fake:invoice:inv-1")
			assert.Equal(t, payments.StatusPaid, got)
			assert.Len(t, store.Records(), 1)
			code, msg := serve(h, delivery(b))
			assert.Equal(t, http.StatusOK, code)
			assert.Equal(t, answerDuplicate, msg)
			assert.Len(t, m.updates, 2)
		})
	}
}

func TestStoreAndProcessFailuresAreRetried(t *testing.T) {
	b := fakeBody{Delivery: "d1", Object: "inv-1", Status: payments.StatusPaid, Signed: true}
	for name, store := range map[string]*flakyStore{
		"seen":   {MemoryStore: NewMemoryStore(), failSeen: 1},
		"status": {MemoryStore: NewMemoryStore(), failStatus: 1},
	} {
		m := &recorder{}
		h := NewHandler(&fakeVerifier{}, store, m.process)
		code, _ := serve(h, delivery(b))
		assert.Equal(t, http.StatusServiceUnavailable, code, name)
		assert.Empty(t, m.updates, name)
		code, _ = serve(h, delivery(b))
		assert.Equal(t, http.StatusOK, code, name)
	}
	m := &recorder{fail: errors.New("ledger down")}
	store := NewMemoryStore()
	h := NewHandler(&fakeVerifier{}, store, m.process)
	code, _ := serve(h, delivery(b))
	assert.Equal(t, http.StatusInternalServerError, code)
	assert.Empty(t, store.Records(), "nothing recorded when processing failed")
	seen, _ := store.Seen(context.Background(), "fake:inv-1:paid:")
	assert.False(t, seen, "no key used up when processing failed")
	m.fail = nil
	code, _ = serve(h, delivery(b))
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, 1, m.credits["inv-1"])
}

// An unsigned body is never processed as it is: it is refreshed; a refresh
// that fails (or a verifier that cannot refresh) answers 503 and records
// nothing, so the provider delivers again.
func TestRefreshThatFails(t *testing.T) {
	v := &fakeVerifier{api: map[string]payments.Status{"inv-1": payments.StatusConfirming}, refreshErr: errors.New("api down")}
	store, m := NewMemoryStore(), &recorder{}
	h := NewHandler(v, store, m.process)
	b := fakeBody{Delivery: "d1", Object: "inv-1", Status: payments.StatusPaid} // unsigned, claims paid
	code, msg := serve(h, delivery(b))
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Equal(t, answerNoRefresh, msg)
	assert.Empty(t, m.updates)
	assert.Empty(t, store.Records())

	v.refreshErr = fmt.Errorf("no API credentials: %w", payments.ErrUnsupported)
	code, _ = serve(h, delivery(b))
	assert.Equal(t, http.StatusServiceUnavailable, code)

	v.refreshErr = nil
	code, _ = serve(h, delivery(b))
	assert.Equal(t, http.StatusOK, code)
	require.Len(t, m.updates, 1)
	assert.Equal(t, payments.StatusConfirming, m.updates[0].Status, "the API's word, not the body's")
	assert.Equal(t, 3, v.refreshes)
}

// A genuine unsigned callback about an object the API does not know (yet)
// answers 422, not 503 for ever, and uses up no key: once the object exists,
// the provider's next retry is processed.
func TestRefreshOfAnUnknownObject(t *testing.T) {
	v := &fakeVerifier{api: map[string]payments.Status{}}
	store, m := NewMemoryStore(), &recorder{}
	h := NewHandler(v, store, m.process)
	b := fakeBody{Delivery: "d1", Object: "inv-1", Status: payments.StatusPaid}
	code, msg := serve(h, delivery(b))
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Equal(t, answerUnknownObj, msg)
	assert.Empty(t, m.updates)
	assert.Empty(t, store.Records())

	v.mu.Lock()
	v.api["inv-1"] = payments.StatusPaid
	v.mu.Unlock()
	code, msg = serve(h, delivery(b))
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, answerProcessed, msg)
	assert.Equal(t, 1, m.credits["inv-1"])
}

// A captured callback whose unsigned object was swapped must not use up the
// genuine callback's dedupe key: the key comes from the refreshed object.
func TestSwappedUnsignedBody(t *testing.T) {
	v := &fakeVerifier{api: map[string]payments.Status{"inv-A": payments.StatusPaid, "inv-B": payments.StatusPending}}
	store, m := NewMemoryStore(), &recorder{}
	h := NewHandler(v, store, m.process)
	swapped := fakeBody{Delivery: "cb-1", Object: "inv-B", Status: payments.StatusPaid}
	genuine := fakeBody{Delivery: "cb-1", Object: "inv-A", Status: payments.StatusPaid}
	code, _ := serve(h, delivery(swapped))
	assert.Equal(t, http.StatusOK, code)
	code, msg := serve(h, delivery(genuine))
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, answerProcessed, msg, "the genuine callback is processed, not taken for a duplicate")
	assert.Equal(t, 1, m.credits["inv-A"])
	assert.Zero(t, m.credits["inv-B"], "the swapped body's claim was not believed")
}

func TestAnswers(t *testing.T) {
	store, m := NewMemoryStore(), &recorder{}
	h := NewHandler(&fakeVerifier{}, store, m.process, WithBodyLimit(1024))
	bad := delivery(fakeBody{Delivery: "d", Object: "o", Status: payments.StatusPaid, Signed: true})
	bad.Header.Set("X-Sig", "bad")
	code, _ := serve(h, bad)
	assert.Equal(t, http.StatusUnauthorized, code)

	big := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat(" ", 2048)))
	big.Header.Set("X-Sig", "good")
	code, _ = serve(h, big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)

	chunked := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(strings.Repeat(" ", 2048))))
	chunked.ContentLength = -1
	chunked.Header.Set("X-Sig", "good")
	code, _ = serve(h, chunked)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)

	junk := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{"))
	junk.Header.Set("X-Sig", "good")
	code, _ = serve(h, junk)
	assert.Equal(t, http.StatusBadRequest, code)

	code, _ = serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
	assert.Equal(t, http.StatusMethodNotAllowed, code)

	var unknown []*payments.Event
	h = NewHandler(&fakeVerifier{}, store, m.process, WithUnknown(func(_ context.Context, ev *payments.Event) { unknown = append(unknown, ev) }))
	code, msg := serve(h, delivery(fakeBody{Delivery: "d", Kind: "other"}))
	assert.Equal(t, http.StatusOK, code, "unknown events are acknowledged, never retried forever")
	assert.Equal(t, answerIgnored, msg)
	assert.Len(t, unknown, 1)
	assert.Empty(t, m.updates)

	assert.Panics(t, func() { NewHandler(nil, store, m.process) })
}

// Deliveries of one object racing each other still end in one credit.
func TestConcurrentDeliveries(t *testing.T) {
	store, m := NewMemoryStore(), &recorder{}
	h := NewHandler(&fakeVerifier{}, store, m.process)
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := []payments.Status{payments.StatusPending, payments.StatusConfirming, payments.StatusPaid}[i%3]
			code, _ := serve(h, delivery(fakeBody{Delivery: "d", Object: "inv-1", Status: st, Signed: true}))
			assert.Equal(t, http.StatusOK, code)
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, m.credits["inv-1"])
	got, _ := store.Status(context.Background(), "fake:invoice:inv-1")
	assert.Equal(t, payments.StatusPaid, got)
}
