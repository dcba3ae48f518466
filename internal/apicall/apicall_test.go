package apicall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// thing is a model that keeps its bytes, as every provider model does.
type thing struct {
	ID     string `json:"id"`
	Ref    string `json:"ref"`
	Amount string `json:"amount"`
	Raw    json.RawMessage
}

// answers serves each attempt the next (status, body); the last repeats.
func answers(t *testing.T, seen *[]string, list ...string) *httptest.Server {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(list)-1)
		b, _ := io.ReadAll(r.Body)
		if seen != nil {
			*seen = append(*seen, r.Method+" "+r.URL.RequestURI()+" "+string(b)+" "+r.Header.Get("X-Sig"))
		}
		status, body, _ := strings.Cut(list[i], " ")
		code := 200
		_, _ = fmt.Sscan(status, &code)
		w.WriteHeader(code)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// pipeline is a provider with a {"data": …, "meta": …} envelope and a
// counter-signed attempt.
func pipeline(t *testing.T, base string) *Pipeline {
	t.Helper()
	hc, err := httpcore.New(httpcore.Config{Provider: "test", Settings: option.Settings{BaseURL: base,
		Retry: httpcore.RetryPolicy{MaxAttempts: 3},
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
	require.NoError(t, err)
	var attempts atomic.Int32
	return &Pipeline{
		HTTP:     hc,
		Provider: "test",
		Encode: func(k *Call) ([]byte, func(*http.Request) error, error) {
			body, err := JSONBody(k.Body)
			return body, func(r *http.Request) error {
				r.Header.Set("X-Sig", fmt.Sprint(attempts.Add(1)))
				return nil
			}, err
		},
		Unwrap: func(body []byte) (payload, meta []byte, err error) {
			err = decjson.Members(body, func(key, value []byte) error {
				switch string(key) {
				case "data":
					payload = value
				case "meta":
					meta = value
				case "error":
					return &payments.APIError{Message: string(value)}
				}
				return nil
			})
			return payload, meta, err
		},
		Decode: func(raw []byte, v any) error {
			if err := json.Unmarshal(raw, v); err != nil {
				return err
			}
			v.(*thing).Raw = raw
			return nil
		},
	}
}

func TestObjectDecodesOnceAndKeepsRaw(t *testing.T) {
	var seen []string
	srv := answers(t, &seen, `200 {"data": {"id":"1","ref":"r","amount":"1.50"}, "meta": null}`)
	p := pipeline(t, srv.URL)
	v, err := Object[thing](t.Context(), p, &Call{Op: "get thing", Method: "GET", Path: "/things/1"})
	require.NoError(t, err)
	assert.Equal(t, "1.50", v.Amount)
	assert.JSONEq(t, `{"id":"1","ref":"r","amount":"1.50"}`, string(v.Raw))
	assert.Equal(t, []string{"GET /things/1  1"}, seen)
}

func TestListSizesOnceAndMeta(t *testing.T) {
	srv := answers(t, nil, `200 {"data": [{"id":"1"},{"id":"2"}], "meta": {"next":"x"}}`)
	p := pipeline(t, srv.URL)
	items, meta, err := List[thing](t.Context(), p, &Call{Op: "list", Method: "GET", Path: "/things"})
	require.NoError(t, err)
	require.Len(t, items, 2)
	assert.Equal(t, 2, cap(items))
	assert.Equal(t, "2", items[1].ID)
	assert.JSONEq(t, `{"id":"2"}`, string(items[1].Raw))
	assert.JSONEq(t, `{"next":"x"}`, string(meta))

	srv = answers(t, nil, `200 {"data": []}`)
	items, _, err = List[thing](t.Context(), pipeline(t, srv.URL), &Call{Op: "list", Method: "GET", Path: "/things"})
	require.NoError(t, err)
	assert.NotNil(t, items)
	assert.Empty(t, items)
}

// A pipeline's DecodeList decodes the lists it knows in one pass; those it
// does not know are decoded element by element; a payload that is no list
// is malformed either way.
func TestListDecodedWholeByDecodeList(t *testing.T) {
	t.Parallel()
	srv := answers(t, nil, `200 {"data": [{"id":"1"},{"id":"2"}]}`)
	p := pipeline(t, srv.URL)
	calls := 0
	p.DecodeList = func(payload []byte, v any) (bool, error) {
		calls++
		list, ok := v.(*[]thing)
		if !ok {
			return false, nil
		}
		return true, json.Unmarshal(payload, list)
	}
	items, _, err := List[thing](t.Context(), p, &Call{Op: "list", Method: "GET", Path: "/things"})
	require.NoError(t, err)
	require.Len(t, items, 2)
	assert.Equal(t, "2", items[1].ID)
	assert.Nil(t, items[1].Raw, "decoded by DecodeList, not element by element")

	whole := p.DecodeList
	p.DecodeList = func(payload []byte, v any) (bool, error) { calls++; return false, nil }
	items, _, err = List[thing](t.Context(), p, &Call{Op: "list", Method: "GET", Path: "/things"})
	require.NoError(t, err, "unknown to DecodeList: element by element")
	require.Len(t, items, 2)
	assert.JSONEq(t, `{"id":"2"}`, string(items[1].Raw), "decoded by Decode")
	assert.Equal(t, 2, calls)
	p.DecodeList = whole

	srv = answers(t, nil, `200 {"data": null}`)
	p2 := pipeline(t, srv.URL)
	p2.DecodeList = p.DecodeList
	_, _, err = List[thing](t.Context(), p2, &Call{Op: "list", Method: "GET", Path: "/things"})
	assert.ErrorIs(t, err, payments.ErrMalformed, "null is no list")

	srv = answers(t, nil, `200 {"data": [{"id":1}]}`)
	p3 := pipeline(t, srv.URL)
	p3.DecodeList = p.DecodeList
	_, _, err = List[thing](t.Context(), p3, &Call{Op: "list", Method: "GET", Path: "/things"})
	assert.ErrorIs(t, err, payments.ErrMalformed, "an element DecodeList refuses")
}

func TestEveryAttemptSignedAfreshOverOneBody(t *testing.T) {
	var seen []string
	srv := answers(t, &seen, `503 {}`, `200 {"data": {"id":"1","ref":"r"}}`)
	p := pipeline(t, srv.URL)
	_, err := Object[thing](t.Context(), p, &Call{Op: "create", Method: "POST", Path: "/things", Body: map[string]string{"ref": "r"}, Reference: "r"})
	require.NoError(t, err)
	assert.Equal(t, []string{`POST /things {"ref":"r"} 1`, `POST /things {"ref":"r"} 2`}, seen)
}

func TestMalformedMeansUnknownOutcomeOnlyForStateChanges(t *testing.T) {
	srv := answers(t, nil, `200 {"data": "not an object"}`)
	p := pipeline(t, srv.URL)
	_, err := Object[thing](t.Context(), p, &Call{Op: "get", Method: "GET", Path: "/t"})
	require.ErrorIs(t, err, payments.ErrMalformed)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)

	_, err = Object[thing](t.Context(), p, &Call{Op: "create", Method: "POST", Path: "/t", Reference: "r"})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "r", uo.Reference)

	_, err = Object[thing](t.Context(), p, &Call{Op: "lookup", Method: "POST", Path: "/t", Idempotent: true})
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
}

func TestRefusalInsideA2xxIsAnAPIError(t *testing.T) {
	srv := answers(t, nil, `200 {"error": "no"}`)
	_, err := Object[thing](t.Context(), pipeline(t, srv.URL), &Call{Op: "get", Method: "GET", Path: "/t"})
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "test", apiErr.Provider)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.ErrorIs(t, err, payments.ErrInvalidRequest)
}

func TestEncodeFailureSendsNothing(t *testing.T) {
	var seen []string
	srv := answers(t, &seen, `200 {}`)
	_, err := Object[thing](t.Context(), pipeline(t, srv.URL), &Call{Op: "create", Method: "POST", Path: "/t", Body: func() {}})
	require.Error(t, err)
	assert.Empty(t, seen)
	var noCtx context.Context // a caller's nil context is refused, not a panic
	_, err = Object[thing](noCtx, pipeline(t, srv.URL), &Call{Op: "get", Method: "GET", Path: "/t"})
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve)
}

// settlement finds objects in a map, or fails with ferr.
func settlement(objects map[string]*thing, ferr error, finds *int) Settlement[thing] {
	return Settlement[thing]{
		Object: "thing",
		Find: func(_ context.Context, ref string) (*thing, error) {
			*finds++
			if ferr != nil {
				return nil, ferr
			}
			if v, ok := objects[ref]; ok {
				return v, nil
			}
			return nil, payments.ErrNotFound
		},
		Differs: func(got *thing) string {
			switch {
			case got.Ref != "r":
				return "reference"
			case got.Amount != "5":
				return "amount"
			}
			return ""
		},
		ID: func(got *thing) string { return got.ID },
	}
}

var create = &Call{Op: "create thing", Method: "POST", Path: "/t", Reference: "r"}

func TestSettle(t *testing.T) {
	p := &Pipeline{Provider: "test"}
	ours := &thing{ID: "ours", Ref: "r", Amount: "5"}
	other := &thing{ID: "other", Ref: "r", Amount: "6"}
	taken := &payments.APIError{Provider: "test", StatusCode: 409, Kind: payments.ErrDuplicateReference}
	unknown := &payments.UnknownOutcomeError{Provider: "test", Operation: "create thing", Reference: "r", Err: errors.New("timeout")}
	lookupDown := &payments.APIError{Provider: "test", StatusCode: 503, Kind: payments.ErrProviderUnavailable}

	cases := map[string]struct {
		v      *thing
		err    error
		found  map[string]*thing
		ferr   error
		want   *thing
		is     error
		finds  int
		wantID string
	}{
		"answer is what was asked":               {v: ours, want: ours},
		"answer differs in amount, found ours":   {v: &thing{ID: "x", Ref: "r", Amount: "7"}, found: map[string]*thing{"r": ours}, want: ours, finds: 1},
		"answer names another reference":         {v: &thing{ID: "x", Ref: "q", Amount: "5"}, ferr: lookupDown, is: payments.ErrUnknownOutcome, finds: 1, wantID: ""},
		"answer differs, lookup down keeps id":   {v: &thing{ID: "x", Ref: "r", Amount: "7"}, ferr: lookupDown, is: payments.ErrUnknownOutcome, finds: 1, wantID: "x"},
		"unknown outcome, found ours":            {err: unknown, found: map[string]*thing{"r": ours}, want: ours, finds: 1},
		"unknown outcome, not found yet":         {err: unknown, found: map[string]*thing{}, is: payments.ErrUnknownOutcome, finds: 1},
		"taken, found ours":                      {err: taken, found: map[string]*thing{"r": ours}, want: ours, finds: 1},
		"taken, found another":                   {err: taken, found: map[string]*thing{"r": other}, is: payments.ErrDuplicateReference, finds: 1},
		"taken, lookup down is unknown outcome":  {err: taken, ferr: lookupDown, is: payments.ErrUnknownOutcome, finds: 1},
		"a definite refusal is not looked up":    {err: &payments.APIError{Kind: payments.ErrInvalidRequest}, is: payments.ErrInvalidRequest},
		"unknown outcome, found another differs": {err: unknown, found: map[string]*thing{"r": other}, is: payments.ErrDuplicateReference, finds: 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			finds := 0
			got, err := Settle(t.Context(), p, create, settlement(tc.found, tc.ferr, &finds), tc.v, tc.err)
			assert.Equal(t, tc.finds, finds)
			if tc.want != nil {
				require.NoError(t, err)
				assert.Same(t, tc.want, got)
				return
			}
			require.ErrorIs(t, err, tc.is)
			assert.True(t, payments.OneMeaning(err), "%v matches two meanings", err)
			var uo *payments.UnknownOutcomeError
			if errors.As(err, &uo) {
				assert.Equal(t, "r", uo.Reference)
				assert.Equal(t, tc.wantID, uo.ID)
			}
		})
	}
}

func TestSettleLooksUpAfterTheCallersContextEnded(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	finds := 0
	s := settlement(map[string]*thing{"r": {ID: "ours", Ref: "r", Amount: "5"}}, nil, &finds)
	find := s.Find
	s.Find = func(ctx context.Context, ref string) (*thing, error) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		_, ok := ctx.Deadline()
		assert.True(t, ok, "the lookup is bounded")
		return find(ctx, ref)
	}
	got, err := Settle(ctx, &Pipeline{Provider: "test"}, create, s, nil,
		&payments.UnknownOutcomeError{Provider: "test", Reference: "r", Err: context.Canceled})
	require.NoError(t, err)
	assert.Equal(t, "ours", got.ID)
}

func TestSettleWithoutLookupReturnsTheError(t *testing.T) {
	s := Settlement[thing]{Object: "thing", Differs: func(*thing) string { return "amount" }, ID: func(v *thing) string { return v.ID }}
	_, err := Settle(t.Context(), &Pipeline{Provider: "test"}, create, s, &thing{ID: "x"}, nil)
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "x", uo.ID)
}

// A lookup by reference that returns an object carrying another reference
// has not found ours: it says nothing about whether our create took effect,
// so the outcome stays unknown (never "the reference is someone else's",
// which invites paying again under a new reference).
func TestSettleFoundAnotherReferenceIsUnknown(t *testing.T) {
	t.Parallel()
	stranger := &thing{ID: "stranger", Ref: "q", Amount: "5"}
	unknown := &payments.UnknownOutcomeError{Provider: "test", Operation: "create thing", Reference: "r", Err: errors.New("timeout")}
	taken := &payments.APIError{Provider: "test", StatusCode: 409, Kind: payments.ErrDuplicateReference}
	for name, cause := range map[string]error{"unknown outcome": unknown, "taken": taken} {
		t.Run(name, func(t *testing.T) {
			finds := 0
			s := settlement(nil, nil, &finds)
			s.Find = func(context.Context, string) (*thing, error) { finds++; return stranger, nil }
			_, err := Settle(t.Context(), &Pipeline{Provider: "test"}, create, s, nil, cause)
			require.ErrorIs(t, err, payments.ErrUnknownOutcome)
			assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
			assert.True(t, payments.OneMeaning(err))
			var uo *payments.UnknownOutcomeError
			require.ErrorAs(t, err, &uo)
			assert.Equal(t, "r", uo.Reference)
			assert.Empty(t, uo.ID, "the stranger's id is not ours")
			assert.Equal(t, 1, finds)
		})
	}
}

// A caller who gives up while the settling lookup is in flight gets the
// unknown outcome at once, carrying the reference: the lookup honours a
// live context (only one already ended is detached, see
// TestSettleLooksUpAfterTheCallersContextEnded).
func TestSettleLookupHonoursALiveContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	finds := 0
	s := settlement(map[string]*thing{"r": {ID: "ours", Ref: "r", Amount: "5"}}, nil, &finds)
	s.Find = func(lctx context.Context, ref string) (*thing, error) {
		cancel() // the caller gives up while the lookup is in flight
		select {
		case <-lctx.Done():
			return nil, lctx.Err()
		case <-time.After(5 * time.Second):
			return nil, errors.New("the lookup outlived the caller's cancel")
		}
	}
	start := time.Now()
	_, err := Settle(ctx, &Pipeline{Provider: "test"}, create, s, nil,
		&payments.UnknownOutcomeError{Provider: "test", Reference: "r", Err: errors.New("timeout")})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.True(t, payments.OneMeaning(err))
	assert.Less(t, time.Since(start), 2*time.Second)
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "r", uo.Reference)
}

// A refusal inside a 2xx answer to a retry, after an attempt of a create
// that may have taken effect (a 5xx), may be caused by that attempt: the
// outcome is unknown, carrying the reference. A read stays a refusal.
func TestRefusalAfterUncertainAttemptIsUnknownOutcome(t *testing.T) {
	t.Parallel()
	srv := answers(t, nil, `503 {}`, `200 {"error": "insufficient balance"}`)
	_, err := Object[thing](t.Context(), pipeline(t, srv.URL), &Call{Op: "create", Method: "POST", Path: "/t", Reference: "r"})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.True(t, payments.OneMeaning(err))
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "r", uo.Reference)

	srv = answers(t, nil, `503 {}`, `200 {"error": "no"}`)
	_, err = Object[thing](t.Context(), pipeline(t, srv.URL), &Call{Op: "get", Method: "GET", Path: "/t"})
	require.ErrorIs(t, err, payments.ErrInvalidRequest)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
}

// A lookup that answers neither an object nor an error settles nothing,
// and never panics in a provider's Differs.
func TestSettleLookupWithNothingIsUnknown(t *testing.T) {
	t.Parallel()
	finds := 0
	s := settlement(nil, nil, &finds)
	s.Find = func(context.Context, string) (*thing, error) { finds++; return nil, nil }
	var err error
	require.NotPanics(t, func() {
		_, err = Settle(t.Context(), &Pipeline{Provider: "test"}, create, s, nil,
			&payments.UnknownOutcomeError{Provider: "test", Reference: "r", Err: errors.New("timeout")})
	})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.Equal(t, 1, finds)
}
