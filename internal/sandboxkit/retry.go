package sandboxkit

import (
	"errors"
	"time"
)

// SetRetrySchedule makes the kit retry, by itself, every notification whose
// delivery the receiver did not accept (a transport error or a non-2xx
// answer), as providers do: the first retry schedule[0] after the failed
// first attempt, the next schedule[1] after the failed retry, and so on until
// one is accepted or the schedule runs out. The retries are byte-identical
// (Redeliver), go to the URL current at the time, and are recorded as
// Deliveries with Attempt counting up. A notification recorded while no
// callback URL was set is not retried (there was nowhere to send it; use
// Redeliver). A manual Redeliver that is accepted cancels the pending retry.
//
// The schedule runs on the wall clock, not the sandbox clock, so that a
// receiver that is down and comes back gets the notifications again while
// time passes for real; Advance does not fire retries. A nil or empty
// schedule (the default) never retries. It applies to failures from now on;
// it is a function rather than a method so that it is not promoted onto a
// provider's Server (coinsdk-sandbox sets it; in-process tests call
// Redeliver).
func SetRetrySchedule(k *Kit, schedule []time.Duration) {
	k.mu.Lock()
	k.retry = append([]time.Duration(nil), schedule...)
	k.mu.Unlock()
}

// NotificationStatus is the delivery state of one notification: what the
// control API of coinsdk-sandbox lists beside the attempts.
type NotificationStatus struct {
	// ID is the notification's id, what Redeliver takes.
	ID string `json:"id"`
	// Type is the provider's event name.
	Type string `json:"type"`
	// Status is the status of the object it describes, when sent.
	Status string `json:"status,omitempty"`
	// ObjectID is the id of the object it describes.
	ObjectID string `json:"object_id"`
	// Attempts is how many times it was sent so far.
	Attempts int `json:"attempts"`
	// Delivered reports whether one attempt was accepted (2xx).
	Delivered bool `json:"delivered"`
	// NextRetry is when the next automatic retry goes out; zero when none
	// is pending.
	NextRetry time.Time `json:"next_retry,omitzero"`
	// RetriesLeft is how many automatic retries the schedule still allows.
	RetriesLeft int `json:"retries_left"`
}

// Notifications returns the state of every notification the kit keeps, in
// the order their first delivery was made.
func Notifications(k *Kit) []NotificationStatus {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]NotificationStatus, 0, len(k.notes))
	seen := make(map[string]bool, len(k.notes))
	for _, d := range k.deliveries {
		st := k.notes[d.ID]
		if st == nil || seen[d.ID] {
			continue
		}
		seen[d.ID] = true
		ns := NotificationStatus{ID: st.n.ID, Type: st.n.Type, Status: st.n.Status, ObjectID: st.n.ObjectID,
			Attempts: st.attempts, Delivered: st.delivered, RetriesLeft: max(len(k.retry)-st.retries, 0)}
		if st.timer != nil {
			ns.NextRetry = st.next
		}
		out = append(out, ns)
	}
	return out
}

// afterAttemptLocked updates st after an attempt d and schedules the next
// automatic retry when one is due. The caller holds k.mu.
func (k *Kit) afterAttemptLocked(st *stored, d Delivery) {
	if d.Delivered() {
		st.delivered = true
		if st.timer != nil {
			st.timer.Stop()
			st.timer = nil
		}
		return
	}
	if st.delivered || st.timer != nil || st.retries >= len(k.retry) || errors.Is(d.Err, ErrNoCallbackURL) || k.closed() {
		return
	}
	delay := k.retry[st.retries]
	st.retries++
	st.next = time.Now().Add(delay)
	var t *time.Timer
	t = time.AfterFunc(delay, func() {
		k.mu.Lock()
		if st.timer != t { // stopped, or replaced after a manual redelivery
			k.mu.Unlock()
			return
		}
		st.timer = nil
		k.mu.Unlock()
		if k.closed() {
			return
		}
		k.send(st)
	})
	st.timer = t
}

// closed reports whether Close was called.
func (k *Kit) closed() bool {
	select {
	case <-k.closing:
		return true
	default:
		return false
	}
}

// stopRetries stops every pending automatic retry (on Close).
func (k *Kit) stopRetries() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, st := range k.notes {
		if st.timer != nil {
			st.timer.Stop()
			st.timer = nil
		}
	}
}

// SetDeliveryHook makes the kit call f with every delivery attempt right
// after recording it (first deliveries, redeliveries and automatic retries),
// outside the kit's lock; coinsdk-sandbox logs them. Nil removes the hook.
func SetDeliveryHook(k *Kit, f func(Delivery)) {
	k.mu.Lock()
	k.onDelivery = f
	k.mu.Unlock()
}
