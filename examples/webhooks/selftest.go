package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/coinsdk/coinsdk/cryptochill"
)

// A selftest case: a request and the status it must get.
type selfCase struct {
	name   string
	path   string
	body   []byte
	header http.Header
	want   int
}

// runSelfTest serves the receivers with demo secrets on a free loopback port
// and sends each a good webhook, the same again, a forged, an oversized and
// a malformed one.
func runSelfTest(out io.Writer) error {
	const ccToken = "selftest-callback-token"
	receivers := []receiver{cryptochillReceiver(ccToken, nil)}
	cases := cryptochillCases(ccToken)
	cpRecv, cpCases := cryptoprocessingSelfTest()
	receivers = append(receivers, cpRecv)
	cases = append(cases, cpCases...)

	srv := httptest.NewServer(newMux(receivers, func(string, ...any) {}))
	defer srv.Close()
	failed := 0
	for _, c := range cases {
		req, err := http.NewRequest(http.MethodPost, srv.URL+c.path, bytes.NewReader(c.body))
		if err != nil {
			return err
		}
		for k, v := range c.header {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		msg, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		mark := "ok  "
		if resp.StatusCode != c.want {
			mark, failed = "FAIL", failed+1
		}
		fmt.Fprintf(out, "%s %-34s %-28s → %d %s\n", mark, c.path, c.name, resp.StatusCode, strings.TrimSpace(string(msg)))
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d cases failed", failed, len(cases))
	}
	return nil
}

func cryptochillCases(token string) []selfCase {
	const path = "/webhooks/cryptochill"
	good, _, _ := cryptochill.SignTestWebhook(token, []byte(`{"callback_status":"invoice_complete","invoice":{`+
		`"id":"42dbee1d-8659-44c3-aab2-6e414c5825a5","kind":"BTC","status":"complete",`+
		`"amount":{"requested":{"amount":"10.00","currency":"USD"}}}}`))
	forged, _, _ := cryptochill.SignTestWebhook("not-the-token", []byte(`{"callback_status":"invoice_complete","invoice":{"id":"x","kind":"BTC"}}`))
	json := http.Header{"Content-Type": {"application/json"}}
	return []selfCase{
		{"verified callback", path, good, json, http.StatusOK},
		{"redelivered callback", path, good, json, http.StatusOK},
		{"forged signature", path, forged, json, http.StatusUnauthorized},
		{"body over 1 MiB", path, bytes.Repeat([]byte(" "), 1<<20+1), json, http.StatusRequestEntityTooLarge},
		{"malformed body", path, []byte(`{"callback_id":`), json, http.StatusBadRequest},
	}
}
