package sandboxkit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Notification is a webhook/callback a provider built and signed, for the kit
// to deliver and keep for Redeliver. Its Body and Header never change, so a
// redelivery is byte-identical, as providers' retries are.
type Notification struct {
	// ID identifies the notification for Redeliver; "" lets the kit assign
	// one ("n1", "n2", …). Providers whose notifications carry an id
	// (CryptoChill's callback_id) use it.
	ID string
	// Type is the provider's event name ("invoice_complete", "deposit").
	Type string
	// Status is the status of the object it describes, when the provider
	// sends one beside the type; "" otherwise.
	Status string
	// ObjectID is the id of the object it describes, as a string.
	ObjectID string
	// Target is handed to Config.ResolveURL to find the URL (a profile id);
	// "" with no ResolveURL means the kit's callback URL.
	Target string
	// Body is the exact bytes to post.
	Body []byte
	// Header is sent with it: signature headers, Content-Type (default
	// application/json), User-Agent (default Config.UserAgent).
	Header http.Header
}

// Delivery is one attempt to deliver a notification.
type Delivery struct {
	// ID is the notification's id; a redelivery repeats it.
	ID string
	// Attempt is 1 for the first delivery, 2 and up for redeliveries.
	Attempt int
	// Type, Status and ObjectID are the notification's.
	Type, Status, ObjectID string
	// URL is where it was posted; "" when no callback URL was set.
	URL string
	// Body is the exact bytes posted (what a signature over the body covers).
	Body []byte
	// Header is what was sent with it, signature included.
	Header http.Header
	// StatusCode is the receiver's HTTP status, 0 when no answer came.
	StatusCode int
	// Err is the transport error, or ErrNoCallbackURL; a non-2xx answer is
	// not an error here (see StatusCode and Delivered).
	Err error
	// Time is when it was sent, on the sandbox clock.
	Time time.Time
}

// Delivered reports whether the receiver accepted it: no error and a 2xx
// status.
func (d Delivery) Delivered() bool {
	return d.Err == nil && d.StatusCode >= 200 && d.StatusCode < 300
}

type stored struct {
	n        Notification
	attempts int
	// retries is how many automatic retries were scheduled so far (see
	// SetRetrySchedule); timer is the pending one, next when it fires.
	retries   int
	timer     *time.Timer
	next      time.Time
	delivered bool
}

// Deliver posts n to its URL now and records the attempt. It must be called
// without the provider's lock held: the receiver may call the API back. Like
// Start it is a function, so that it is not promoted onto the Server.
func Deliver(k *Kit, n Notification) Delivery {
	k.mu.Lock()
	if n.ID == "" {
		k.nextNote++
		n.ID = "n" + strconv.Itoa(k.nextNote)
	}
	n.Body = bytes.Clone(n.Body)
	n.Header = n.Header.Clone()
	st := k.notes[n.ID]
	if st == nil {
		st = &stored{n: n}
		k.notes[n.ID] = st
	}
	k.mu.Unlock()
	return k.send(st)
}

// DeliverAll delivers ns in order, one at a time, and returns the attempts.
func DeliverAll(k *Kit, ns []Notification) []Delivery {
	out := make([]Delivery, 0, len(ns))
	for _, n := range ns {
		out = append(out, Deliver(k, n))
	}
	return out
}

// Deliveries returns every delivery attempt so far, oldest first.
func (k *Kit) Deliveries() []Delivery {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]Delivery, len(k.deliveries))
	for i, d := range k.deliveries {
		out[i] = cloneDelivery(d)
	}
	return out
}

// Redeliver sends the notification with this id again, with the identical
// body and headers, to the URL that is current now, as a provider's retry
// does; the attempt is recorded and returned. Receivers must deduplicate.
func (k *Kit) Redeliver(id string) (Delivery, error) {
	k.mu.Lock()
	st := k.notes[id]
	k.mu.Unlock()
	if st == nil {
		notFound := k.cfg.NotFound
		if notFound == nil {
			notFound = errors.New(k.cfg.Name + ": not found")
		}
		return Delivery{}, fmt.Errorf("%w: notification %q", notFound, id)
	}
	return k.send(st), nil
}

// send posts a stored notification and records the attempt.
func (k *Kit) send(st *stored) Delivery {
	target := k.CallbackURL()
	if k.cfg.ResolveURL != nil {
		target = k.cfg.ResolveURL(st.n.Target)
	}
	n := st.n
	header := n.Header.Clone()
	if header == nil {
		header = http.Header{}
	}
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	if header.Get("User-Agent") == "" && k.cfg.UserAgent != "" {
		header.Set("User-Agent", k.cfg.UserAgent)
	}
	d := Delivery{ID: n.ID, Type: n.Type, Status: n.Status, ObjectID: n.ObjectID, URL: target,
		Body: n.Body, Header: header, Time: k.Now()}
	if target == "" {
		d.Err = ErrNoCallbackURL
	} else {
		d.StatusCode, d.Err = k.post(target, n.Body, header)
	}
	k.mu.Lock()
	st.attempts++
	d.Attempt = st.attempts
	k.deliveries = append(k.deliveries, d)
	k.afterAttemptLocked(st, d)
	hook := k.onDelivery
	k.mu.Unlock()
	if hook != nil {
		hook(cloneDelivery(d))
	}
	return cloneDelivery(d)
}

// post sends one body and drains (a bounded part of) the answer so the
// connection can be reused.
func (k *Kit) post(target string, body []byte, header http.Header) (int, error) {
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = header.Clone()
	resp, err := k.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}

func cloneDelivery(d Delivery) Delivery {
	d.Body = bytes.Clone(d.Body)
	d.Header = d.Header.Clone()
	return d
}
