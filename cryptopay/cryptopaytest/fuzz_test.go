package cryptopaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// FuzzRequest sends hostile requests, signed (so they reach the handlers) and
// with a hostile Authorization/Date, through the sandbox's handler: it must
// never panic, and must always answer JSON in the provider's shapes.
func FuzzRequest(f *testing.F) {
	seeds := []struct{ method, path, body, auth, date string }{
		{"POST", "/api/invoices", `{"price_amount":"10","price_currency":"EUR","pay_currency":"BTC","metadata":{"a":"b"}}`, "", ""},
		{"POST", "/api/coin_withdrawals", `{"address":"rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?dt=1","charged_currency":"EUR","received_currency":"XRP","received_amount":1e9999}`, "", ""},
		{"POST", "/api/coin_withdrawals", `{"travel_rule_compliant":true,"beneficiary":{"address":[]}}`, "", ""},
		{"POST", "/api/customers", `{"id":"x","addresses":[null,1,{"currency":"BTC"}]}`, "", ""},
		{"POST", "/api/subscriptions", `{"period_quantity":"99999999999999999999","starts_at":"x"}`, "", ""},
		{"PATCH", "/api/channels/%zz", `{"status":null}`, "", ""},
		{"GET", "/api/transactions?created_at_from=%&starting_after=x", ``, "", ""},
		{"GET", "/api/rates/BTC%2FEUR", ``, "HMAC :", "Thu, 6 Jan 2022 12:09:25 GMT"},
		{"POST", "/api/exchange_transfers", `{"charged_amount":"-0","received_amount":null,"charged_currency":"EUR","received_currency":"EUR"}`, "HMAC a:b:c", "0"},
		{"POST", "/api/invoices/x/refunds", "\xff\xfe", "", ""},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, []byte(s.body), s.auth, s.date)
	}
	s := NewServer(Options{Now: func() time.Time { return fixedNow }})
	defer s.Close()
	// Some state for the handlers to find.
	s.SetCallbackURL("")
	f.Fuzz(func(t *testing.T, method, path string, body []byte, auth, date string) {
		u, err := url.Parse(path)
		if err != nil || len(body) > 1<<16 {
			return
		}
		req, err := http.NewRequest(method, "http://sandbox"+u.RequestURI(), bytes.NewReader(body))
		if err != nil {
			return
		}
		req.RequestURI = u.RequestURI()
		if auth == "" && date == "" {
			req.Header = sign(s, method, u.RequestURI(), body, s.Now().Format(http.TimeFormat))
		} else {
			req.Header.Set("Authorization", auth)
			req.Header.Set("Date", date)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code >= 400 {
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error.Code == "" || e.Meta.RequestID == "" {
				t.Fatalf("%d answer not in the error shape: %q", rec.Code, rec.Body.String())
			}
		} else if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("%d answer is not JSON: %q", rec.Code, rec.Body.String())
		}
	})
}

// FuzzParseDate checks the Date parser never panics and only accepts what it
// writes back identically.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"Thu, 06 Jan 2022 12:09:25 GMT", "Thu, 6 Jan 2022 12:09:25 GMT", "Thu, 06 Jan 2022 12:09:25 +0000", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		tm, ok := parseDate(v)
		if ok && tm.Location() != time.UTC {
			t.Fatalf("%q parsed outside UTC", v)
		}
	})
}
