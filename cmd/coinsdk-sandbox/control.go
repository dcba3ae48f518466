package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// controlMux is the control API (see README.md, "The sandbox server").
func (a *app) controlMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_sandbox/{$}", a.index)
	mux.HandleFunc("GET /_sandbox/providers", a.index)
	mux.HandleFunc("GET /_sandbox/env", a.envText)
	mux.HandleFunc("GET /_sandbox/requests", a.allRequests)
	mux.HandleFunc("POST /_sandbox/reset", a.resetAll)

	mux.HandleFunc("GET /_sandbox/{p}", a.with(a.providerInfo))
	mux.HandleFunc("GET /_sandbox/{p}/objects", a.with(a.listObjects("")))
	mux.HandleFunc("GET /_sandbox/{p}/objects/{id...}", a.with(a.getObject("")))
	for _, k := range []struct{ path, kind string }{{"invoices", "invoice"}, {"payments", "payment"}, {"deposits", "deposit"},
		{"payouts", "payout"}, {"addresses", "address"}} {
		mux.HandleFunc("GET /_sandbox/{p}/"+k.path, a.with(a.listObjects(k.kind)))
		mux.HandleFunc("GET /_sandbox/{p}/"+k.path+"/{id}", a.with(a.getObject(k.kind)))
	}
	mux.HandleFunc("POST /_sandbox/{p}/invoices/{id}/pay", a.with(withBody(a.payInvoice)))
	mux.HandleFunc("POST /_sandbox/{p}/invoices/{id}/expire", a.with(a.simple(func(sb sandbox, id string, _ actionBody) error { return sb.ExpireInvoice(id) })))
	mux.HandleFunc("POST /_sandbox/{p}/deposits", a.with(withBody(a.payDeposit)))
	mux.HandleFunc("POST /_sandbox/{p}/payments/{id}/confirm", a.with(a.simple(func(sb sandbox, id string, _ actionBody) error { return sb.Confirm(id) })))
	mux.HandleFunc("POST /_sandbox/{p}/deposits/{id}/confirm", a.with(a.simple(func(sb sandbox, id string, _ actionBody) error { return sb.Confirm(id) })))
	mux.HandleFunc("POST /_sandbox/{p}/payouts/{id}/complete", a.with(a.simple(func(sb sandbox, id string, _ actionBody) error { return sb.CompletePayout(id) })))
	mux.HandleFunc("POST /_sandbox/{p}/payouts/{id}/fail", a.with(a.simple(func(sb sandbox, id string, b actionBody) error {
		reason := b.Reason
		if reason == "" {
			reason = "failed from the sandbox control API"
		}
		return sb.FailPayout(id, reason)
	})))
	mux.HandleFunc("POST /_sandbox/{p}/payouts/{id}/hold", a.with(a.simple(func(sb sandbox, id string, _ actionBody) error {
		h, ok := sb.(holder)
		if !ok {
			return errUnsupported
		}
		return h.HoldPayout(id)
	})))
	mux.HandleFunc("GET /_sandbox/{p}/clock", a.with(a.clock))
	mux.HandleFunc("POST /_sandbox/{p}/clock/advance", a.with(withBody(a.advance)))
	mux.HandleFunc("GET /_sandbox/{p}/callback-url", a.with(a.getCallbackURL))
	mux.HandleFunc("PUT /_sandbox/{p}/callback-url", a.with(withBody(a.setCallbackURL)))
	mux.HandleFunc("POST /_sandbox/{p}/callback-url", a.with(withBody(a.setCallbackURL)))
	mux.HandleFunc("GET /_sandbox/{p}/deliveries", a.with(a.deliveries))
	mux.HandleFunc("GET /_sandbox/{p}/notifications", a.with(a.notifications))
	mux.HandleFunc("POST /_sandbox/{p}/deliveries/{id}/redeliver", a.with(a.redeliver))
	mux.HandleFunc("GET /_sandbox/{p}/faults", a.with(a.faults))
	mux.HandleFunc("POST /_sandbox/{p}/faults", a.with(a.injectFault))
	mux.HandleFunc("DELETE /_sandbox/{p}/faults", a.with(a.clearFaults))
	mux.HandleFunc("GET /_sandbox/{p}/requests", a.with(a.requests))
	mux.HandleFunc("POST /_sandbox/{p}/reset", a.with(a.resetOne))
	return mux
}

// errUnsupported is an action the provider's sandbox does not model.
var errUnsupported = errors.New("not supported by this provider's sandbox")

// with resolves {p} to a provider or answers 404 naming the known ones.
func (a *app) with(h func(w http.ResponseWriter, r *http.Request, p *provider)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := a.byName[r.PathValue("p")]
		if p == nil {
			writeError(w, http.StatusNotFound, fmt.Sprintf("unknown provider %q; one of %s", r.PathValue("p"), strings.Join(a.names(), ", ")))
			return
		}
		h(w, r, p)
	}
}

type providerInfo struct {
	Name        string            `json:"name"`
	BaseURL     string            `json:"base_url"`
	CallbackURL string            `json:"callback_url"`
	Objects     int               `json:"objects"`
	Deliveries  int               `json:"deliveries"`
	Credentials map[string]string `json:"credentials,omitempty"`
	Schedule    []string          `json:"retry_schedule"`
}

func (a *app) info(p *provider, withCreds bool) providerInfo {
	sb := p.current()
	in := providerInfo{Name: p.name, BaseURL: p.url(sb), CallbackURL: sb.CallbackURL(), Objects: len(sb.Objects()),
		Deliveries: len(sb.Deliveries()), Schedule: []string{}}
	for _, d := range a.schedule(p.name) {
		in.Schedule = append(in.Schedule, d.String())
	}
	if withCreds {
		in.Credentials = map[string]string{}
		for _, name := range credentialNames[p.name] {
			in.Credentials[name] = p.creds[name]
		}
	}
	return in
}

// index lists the providers (no credentials: GET /_sandbox/{p} has them).
func (a *app) index(w http.ResponseWriter, r *http.Request) {
	out := []providerInfo{}
	for _, p := range a.providers {
		out = append(out, a.info(p, false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"url": a.root, "providers": out,
		"note": "sandbox credentials, not a provider account's: GET /_sandbox/{provider} or /_sandbox/env"})
}

func (a *app) providerInfo(w http.ResponseWriter, r *http.Request, p *provider) {
	writeJSON(w, http.StatusOK, a.info(p, true))
}

func (a *app) envText(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = io.WriteString(w, a.envFile())
}

func (a *app) allRequests(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	out := append([]hit{}, a.hits[max(len(a.hits)-hitLimit, 0):]...)
	a.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

func (a *app) resetAll(w http.ResponseWriter, r *http.Request) {
	for _, p := range a.providers {
		a.reset(p)
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

func (a *app) resetOne(w http.ResponseWriter, r *http.Request, p *provider) {
	a.reset(p)
	writeJSON(w, http.StatusOK, map[string]string{"status": "reset"})
}

func (a *app) listObjects(kind string) func(http.ResponseWriter, *http.Request, *provider) {
	return func(w http.ResponseWriter, r *http.Request, p *provider) {
		if kind == "" {
			kind = r.URL.Query().Get("kind")
		}
		out := []sandboxkit.Object{}
		for _, o := range p.current().Objects() {
			if kind == "" || o.Kind == kind {
				out = append(out, o)
			}
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (a *app) getObject(kind string) func(http.ResponseWriter, *http.Request, *provider) {
	return func(w http.ResponseWriter, r *http.Request, p *provider) {
		id := r.PathValue("id")
		for _, o := range p.current().Objects() {
			if o.ID == id && (kind == "" || o.Kind == kind) {
				writeJSON(w, http.StatusOK, o)
				return
			}
		}
		what := kind
		if what == "" {
			what = "object"
		}
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s: no %s with id %q", p.name, what, id))
	}
}

// actionBody is the JSON body an action may carry.
type actionBody struct {
	Amount   string `json:"amount"`
	Address  string `json:"address"`
	Reason   string `json:"reason"`
	URL      string `json:"url"`
	Duration string `json:"duration"`
}

// bodyLimit caps a control API request body.
const bodyLimit = 64 << 10

// readBody decodes the optional JSON body; unknown fields are refused.
func readBody(r *http.Request) (actionBody, error) {
	var b actionBody
	raw, err := io.ReadAll(io.LimitReader(r.Body, bodyLimit+1))
	if err != nil {
		return b, fmt.Errorf("reading the body: %v", err)
	}
	if len(raw) > bodyLimit {
		return b, fmt.Errorf("body over %d bytes", bodyLimit)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return b, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return b, fmt.Errorf("body is not the JSON object expected: %v", err)
	}
	if dec.More() {
		return b, errors.New("body has data after the JSON object")
	}
	return b, nil
}

// amountText is what an amount must look like: a plain positive decimal
// (no sign, no exponent, no thousands separators), as a JSON string.
var amountText = regexp.MustCompile(`^[0-9]{1,18}(\.[0-9]{1,18})?$`)

func parseAmount(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, errors.New(`"amount" is required, as a string such as "0.0015"`)
	}
	if !amountText.MatchString(s) {
		return decimal.Decimal{}, fmt.Errorf(`"amount" %q is not a plain positive decimal such as "0.0015"`, s)
	}
	d, err := decimal.NewFromString(s)
	if err != nil || !d.IsPositive() {
		return decimal.Decimal{}, fmt.Errorf(`"amount" %q must be positive`, s)
	}
	return d, nil
}

// fail answers a sandbox's error with the status its kind calls for.
func (a *app) fail(w http.ResponseWriter, p *provider, err error) {
	status := http.StatusConflict // refused in the object's current state
	switch {
	case errors.Is(err, errUnsupported):
		status = http.StatusNotImplemented
	case isAny(err, p.notFound):
		status = http.StatusNotFound
	case isAny(err, p.badInput):
		status = http.StatusBadRequest
	}
	writeError(w, status, p.name+": "+err.Error())
}

func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

func (a *app) payInvoice(w http.ResponseWriter, r *http.Request, p *provider, b actionBody) {
	amount, err := parseAmount(b.Amount)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	tx, err := p.current().PayInvoice(r.PathValue("id"), amount)
	a.answerTx(w, p, tx, err)
}

func (a *app) payDeposit(w http.ResponseWriter, r *http.Request, p *provider, b actionBody) {
	if b.Address == "" {
		writeError(w, http.StatusBadRequest, `"address" is required: an address from GET /_sandbox/`+p.name+`/addresses`)
		return
	}
	amount, err := parseAmount(b.Amount)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	tx, err := p.current().PayDeposit(b.Address, amount)
	a.answerTx(w, p, tx, err)
}

// answerTx answers a payment simulation: the id of the transaction it
// made, or the sandbox's refusal.
func (a *app) answerTx(w http.ResponseWriter, p *provider, tx string, err error) {
	if err != nil {
		a.fail(w, p, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"tx_id": tx})
}

// withBody reads the request's optional JSON body (readBody) for h; a
// body that is not the one expected is answered 400 before h runs.
func withBody(h func(w http.ResponseWriter, r *http.Request, p *provider, b actionBody)) func(http.ResponseWriter, *http.Request, *provider) {
	return func(w http.ResponseWriter, r *http.Request, p *provider) {
		b, err := readBody(r)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		h(w, r, p, b)
	}
}

// simple runs an action on the {id} of the path.
func (a *app) simple(act func(sb sandbox, id string, b actionBody) error) func(http.ResponseWriter, *http.Request, *provider) {
	return withBody(func(w http.ResponseWriter, r *http.Request, p *provider, b actionBody) {
		if err := act(p.current(), r.PathValue("id"), b); err != nil {
			a.fail(w, p, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "done"})
	})
}

func (a *app) clock(w http.ResponseWriter, r *http.Request, p *provider) {
	now := p.current().Now()
	writeJSON(w, http.StatusOK, map[string]any{"now": now, "ahead": time.Until(now).Round(time.Second).String()})
}

func (a *app) advance(w http.ResponseWriter, r *http.Request, p *provider, b actionBody) {
	d, err := time.ParseDuration(b.Duration)
	if err != nil || d <= 0 || d > 10*365*24*time.Hour {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(`"duration" %q must be a positive Go duration such as "15m" or "336h", at most ten years`, b.Duration))
		return
	}
	sb := p.current()
	sb.Advance(d)
	writeJSON(w, http.StatusOK, map[string]any{"now": sb.Now()})
}

func (a *app) getCallbackURL(w http.ResponseWriter, r *http.Request, p *provider) {
	writeJSON(w, http.StatusOK, map[string]string{"url": p.current().CallbackURL()})
}

func (a *app) setCallbackURL(w http.ResponseWriter, r *http.Request, p *provider, b actionBody) {
	if b.URL != "" {
		u, err := url.Parse(b.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			writeError(w, http.StatusBadRequest, fmt.Sprintf(`"url" %q must be an absolute http or https URL ("" to record only)`, b.URL))
			return
		}
	}
	p.current().SetCallbackURL(b.URL)
	writeJSON(w, http.StatusOK, map[string]string{"url": b.URL})
}

// deliveryView is a Delivery as JSON: the body as text, the error as text.
type deliveryView struct {
	ID         string      `json:"id"`
	Attempt    int         `json:"attempt"`
	Type       string      `json:"type"`
	Status     string      `json:"status,omitempty"`
	ObjectID   string      `json:"object_id"`
	URL        string      `json:"url"`
	Body       string      `json:"body"`
	Header     http.Header `json:"header"`
	StatusCode int         `json:"status_code"`
	Error      string      `json:"error,omitempty"`
	Delivered  bool        `json:"delivered"`
	Time       time.Time   `json:"time"`
}

func viewDelivery(d sandboxkit.Delivery) deliveryView {
	v := deliveryView{ID: d.ID, Attempt: d.Attempt, Type: d.Type, Status: d.Status, ObjectID: d.ObjectID, URL: d.URL,
		Body: string(d.Body), Header: d.Header, StatusCode: d.StatusCode, Delivered: d.Delivered(), Time: d.Time}
	if d.Err != nil {
		v.Error = d.Err.Error()
	}
	return v
}

func (a *app) deliveries(w http.ResponseWriter, r *http.Request, p *provider) {
	out := []deliveryView{}
	for _, d := range p.current().Deliveries() {
		out = append(out, viewDelivery(d))
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *app) notifications(w http.ResponseWriter, r *http.Request, p *provider) {
	writeJSON(w, http.StatusOK, sandboxkit.Notifications(p.current().Kit()))
}

func (a *app) redeliver(w http.ResponseWriter, r *http.Request, p *provider) {
	d, err := p.current().Redeliver(r.PathValue("id"))
	if err != nil {
		a.fail(w, p, err)
		return
	}
	writeJSON(w, http.StatusOK, viewDelivery(d))
}

// faultView is a fault as the control API reads and lists it.
type faultView struct {
	Method     string `json:"method,omitempty"`
	Path       string `json:"path,omitempty"`
	Kind       string `json:"kind"`
	Times      int    `json:"times,omitempty"`
	RetryAfter string `json:"retry_after,omitempty"`
	Hits       int    `json:"hits"`
	Remaining  int    `json:"remaining"`
}

var faultKinds = map[string]sandboxkit.FaultKind{
	"error_after_work": sandboxkit.ErrorAfterWork, "timeout": sandboxkit.Timeout, "rate_limit": sandboxkit.RateLimit,
	"malformed_body": sandboxkit.MalformedBody, "unavailable": sandboxkit.Unavailable,
}

func kindName(k sandboxkit.FaultKind) string {
	for name, v := range faultKinds {
		if v == k {
			return name
		}
	}
	return k.String()
}

func (a *app) faults(w http.ResponseWriter, r *http.Request, p *provider) {
	out := []faultView{}
	for _, f := range p.current().Faults() {
		v := faultView{Method: f.Method, Path: f.Path, Kind: kindName(f.Kind), Times: f.Times, Hits: f.Hits, Remaining: f.Remaining}
		if f.RetryAfter > 0 {
			v.RetryAfter = f.RetryAfter.String()
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, out)
}

func (a *app) injectFault(w http.ResponseWriter, r *http.Request, p *provider) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, bodyLimit))
	if err != nil {
		writeError(w, http.StatusBadRequest, "reading the body: "+err.Error())
		return
	}
	var v faultView
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		writeError(w, http.StatusBadRequest, "body is not a fault object: "+err.Error())
		return
	}
	kind, ok := faultKinds[v.Kind]
	if !ok {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(`"kind" %q is not one of error_after_work, timeout, rate_limit, malformed_body, unavailable`, v.Kind))
		return
	}
	if v.Times < 0 || v.Times > 1000 {
		writeError(w, http.StatusBadRequest, `"times" must be between 0 (meaning 1) and 1000`)
		return
	}
	f := sandboxkit.Fault{Method: strings.ToUpper(v.Method), Path: v.Path, Kind: kind, Times: v.Times}
	if v.RetryAfter != "" {
		d, err := time.ParseDuration(v.RetryAfter)
		if err != nil || d <= 0 || d > 24*time.Hour {
			writeError(w, http.StatusBadRequest, fmt.Sprintf(`"retry_after" %q must be a positive duration such as "2s", at most a day`, v.RetryAfter))
			return
		}
		f.RetryAfter = d
	}
	p.current().InjectFault(f)
	writeJSON(w, http.StatusCreated, map[string]string{"fault": f.String()})
}

func (a *app) clearFaults(w http.ResponseWriter, r *http.Request, p *provider) {
	p.current().ClearFaults()
	writeJSON(w, http.StatusOK, map[string]string{"status": "cleared"})
}

// requestView is one request from the provider's own log (secret headers
// hidden by the kit).
type requestView struct {
	Time   time.Time   `json:"time"`
	Method string      `json:"method"`
	Path   string      `json:"path"`
	Query  string      `json:"query,omitempty"`
	Header http.Header `json:"header"`
	Body   string      `json:"body"`
	Status int         `json:"status"`
	Fault  string      `json:"fault,omitempty"`
}

func (a *app) requests(w http.ResponseWriter, r *http.Request, p *provider) {
	out := []requestView{}
	for _, q := range p.current().Requests() {
		v := requestView{Time: q.Time, Method: q.Method, Path: q.Path, Query: q.Query, Header: q.Header, Body: string(q.Body), Status: q.Status}
		if q.Fault != 0 {
			v.Fault = kindName(q.Fault)
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, out)
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError answers {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg, "status": status})
}

// jsonErrors turns the mux's own plain-text errors (405 Method Not Allowed)
// into the control API's JSON error shape.
func jsonErrors(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&jsonErrorWriter{ResponseWriter: w, r: r}, r)
	})
}

type jsonErrorWriter struct {
	http.ResponseWriter
	r        *http.Request
	replaced bool
}

func (j *jsonErrorWriter) WriteHeader(status int) {
	if status >= 400 && !strings.HasPrefix(j.Header().Get("Content-Type"), "application/json") {
		j.replaced = true
		j.Header().Del("X-Content-Type-Options")
		msg := http.StatusText(status)
		switch status {
		case http.StatusNotFound:
			msg = fmt.Sprintf("no control API route %s %s (see GET /_sandbox/ and README.md)", j.r.Method, j.r.URL.Path)
		case http.StatusMethodNotAllowed:
			msg = fmt.Sprintf("method %s not allowed on %s (allowed: %s)", j.r.Method, j.r.URL.Path, j.Header().Get("Allow"))
		}
		writeError(j.ResponseWriter, status, msg)
		return
	}
	j.ResponseWriter.WriteHeader(status)
}

func (j *jsonErrorWriter) Write(p []byte) (int, error) {
	if j.replaced {
		return len(p), nil
	}
	return j.ResponseWriter.Write(p)
}
