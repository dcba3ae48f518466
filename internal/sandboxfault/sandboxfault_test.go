package sandboxfault

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestQueue(t *testing.T) {
	var q Queue[string]
	q.Add("a", 2)
	q.Add("b", 0)
	isB := func(s string) bool { return s == "b" }
	if f, ok := q.Take(isB); !ok || f != "b" {
		t.Fatal("b not taken")
	}
	if _, ok := q.Take(isB); ok {
		t.Fatal("b taken twice with times 0")
	}
	any := func(string) bool { return true }
	for range 2 {
		if f, ok := q.Take(any); !ok || f != "a" {
			t.Fatal("a not taken twice")
		}
	}
	if _, ok := q.Take(any); ok {
		t.Fatal("queue not empty")
	}
}

func TestKinds(t *testing.T) {
	if Kind(0).Valid() || !Unavailable.Valid() || Kind(99).Valid() {
		t.Error("Valid")
	}
	if Timeout.String() != "FaultTimeout" || Kind(9).String() != "FaultKind(9)" {
		t.Error("String")
	}
	for d, want := range map[time.Duration]string{0: "1", time.Millisecond: "1", time.Second: "1", 1500 * time.Millisecond: "2"} {
		if got := RetryAfterSeconds(d); got != want {
			t.Errorf("%v → %s", d, got)
		}
	}
}

func TestHoldWithoutHijackReportsFalse(t *testing.T) {
	closing := make(chan struct{})
	close(closing)
	r := httptest.NewRequest("GET", "/", nil)
	if Hold(httptest.NewRecorder(), r, closing) {
		t.Error("a recorder cannot be hijacked")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if !Hold(httptest.NewRecorder(), r.WithContext(ctx), make(chan struct{})) {
		t.Error("a gone client needs no answer")
	}
	_ = http.StatusOK
}
