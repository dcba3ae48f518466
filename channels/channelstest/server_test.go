package channelstest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func do(t *testing.T, s *Server, method, path, key, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, bytes.NewBufferString(body))
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("x-api-key", key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m), string(b))
	return resp.StatusCode, m
}

func TestAuth(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	defer s.Close()
	for _, key := range []string{"", "wrong", s.APIKey + "x"} {
		status, m := do(t, s, http.MethodPost, "/api/v2/channels", key, `{"currency":"BTC","customerId":"c"}`)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, false, m["success"])
	}
	status, _ := do(t, s, http.MethodPost, "/api/v2/channels", s.APIKey, `{"currency":"BTC","customerId":"c"}`)
	assert.Equal(t, http.StatusCreated, status)
}

func TestWithdrawalFields(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	defer s.Close()
	status, m := do(t, s, http.MethodPost, "/api/v2/withdrawal", s.APIKey,
		`{"amount":"1","currency":"BTC","customerId":"c","address":"bc1q","orderId":"o","fee":"0.1"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, m["errors"].([]any)[0].(map[string]any)["message"], "property fee should not exist")
	assert.Equal(t, 0, s.PayoutsMade())
	for _, body := range []string{
		`{"amount":"1","currency":"btc","customerId":"c","address":"bc1q"}`,
		`{"amount":"0","currency":"BTC","customerId":"c","address":"bc1q"}`,
		`{"amount":"0.000000001","currency":"BTC","customerId":"c","address":"bc1q"}`,
		`{"amount":"1","currency":"BTC","address":"bc1q"}`,
		`{"amount":"1","currency":"BTC","customerId":"c"}`,
		`{"amount":1e3,"currency":"BTC","customerId":"c","address":"bc1q"}`,
	} {
		status, _ := do(t, s, http.MethodPost, "/api/v2/withdrawal", s.APIKey, body)
		assert.Equal(t, http.StatusBadRequest, status, body)
	}
	status, m = do(t, s, http.MethodPost, "/api/v2/withdrawal", s.APIKey, `{"amount":1.50,"currency":"BTC","customerId":"c","address":"bc1q","orderId":"o"}`)
	require.Equal(t, http.StatusCreated, status)
	data := m["data"].(map[string]any)
	assert.Equal(t, "1.50", data["amount"], "the amount's text as sent")
	assert.Equal(t, "processing", data["status"])
	assert.NotContains(t, data, "address", "not a published field")
}

func TestCallbackHash(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{SecretKey: "s3cr3t"})
	defer s.Close()
	// The documentation's formula, with a vector computed outside Go.
	assert.Equal(t, "SIUXlOQRsF5t0uFNiEZsd6ZJ3hJR8JcjB0SCVQjOBK9Lf278ppUpCehQDcVBkCJRl5Xsl528FF4vK4ksqhZubA==",
		callbackHash("tx-1001", "customer-7", "10.50", "tUSDT", "s3cr3t"))
	assert.Equal(t, "VpCZ7i9Xh1+GSCT45+fTCQfomt+sBCrS9QAza/gVEak/4/kHlz+pNv0h80ZPx5TqV6ZrhX4KocekbtbAWadQ3g==",
		callbackHash("tx-1002", "", "0.00100000", "BTC", "s3cr3t"))
	id, err := s.PaySettlement("BTC", decimal.RequireFromString("0.00100000"))
	require.NoError(t, err)
	d := s.Deliveries()
	require.Len(t, d, 1)
	assert.ErrorIs(t, d[0].Err, ErrNoCallbackURL)
	var cb map[string]any
	require.NoError(t, json.Unmarshal(d[0].Body, &cb))
	assert.Equal(t, id, cb["id"])
	assert.Nil(t, cb["customerId"])
	assert.Equal(t, callbackHash(id, "N/A", "0.00100000", "BTC", "s3cr3t"), cb["hash"])
	assert.Equal(t, "transaction", cb["callbackType"])
}

func TestAddresses(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	defer s.Close()
	addr := func(cur, cust string) string {
		status, m := do(t, s, http.MethodPost, "/api/v2/channels", s.APIKey, `{"currency":"`+cur+`","customerId":"`+cust+`"}`)
		require.Equal(t, http.StatusCreated, status, m)
		return m["data"].(map[string]any)["address"].(string)
	}
	evm := addr("ETH", "a")
	for _, c := range []string{"BNB", "bUSDT", "eUSDC", "eUSDT", "FTN", "POL", "pUSDC", "wpUSDC", "wpUSDT"} {
		assert.Equal(t, evm, addr(c, "a"), c)
	}
	assert.NotEqual(t, evm, addr("ETH", "b"))
	assert.NotEqual(t, addr("tUSDT", "a"), addr("SOL", "a"))
	assert.Equal(t, addr("tUSDC", "a"), addr("tUSDT", "a"))
	_, err := s.PayDepositIn(evm, "BTC", decimal.RequireFromString("1"))
	assert.Error(t, err, "an EVM address does not receive BTC")
	_, err = s.PayDepositIn("nowhere", "ETH", decimal.RequireFromString("1"))
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.PayDeposit("nowhere", decimal.NewFromInt(1))
	assert.ErrorIs(t, err, ErrNotFound)
	// PayDeposit pays in the currency the address was last asked for.
	id, err := s.PayDeposit(evm, decimal.RequireFromString("2.50"))
	require.NoError(t, err)
	require.NoError(t, s.Confirm(id))
	var cb map[string]any
	d := s.Deliveries()
	require.NoError(t, json.Unmarshal(d[len(d)-1].Body, &cb))
	assert.Equal(t, "wpUSDT", cb["currency"])
	assert.Equal(t, "2.50", cb["amount"], "written with the places the decimal holds")
	status, _ := do(t, s, http.MethodPost, "/api/v2/channels", s.APIKey, `{"currency":"DOGE","customerId":"a"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	status, _ = do(t, s, http.MethodGet, "/api/v2/nothing", s.APIKey, ``)
	assert.Equal(t, http.StatusNotFound, status)
}

func TestPayoutStates(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	defer s.Close()
	_, m := do(t, s, http.MethodPost, "/api/v2/withdrawal", s.APIKey, `{"amount":"1","currency":"ETH","customerId":"c","address":"0xabc","orderId":"o1"}`)
	id := m["data"].(map[string]any)["id"].(string)
	require.NoError(t, s.FailPayout(id, "rejected"))
	st, err := s.Transaction(id)
	require.NoError(t, err)
	assert.Equal(t, "failed", st)
	require.NoError(t, s.CompletePayout(id))
	assert.ErrorIs(t, s.CompletePayout(id), ErrInvalidState)
	assert.ErrorIs(t, s.Confirm(id), ErrNotFound, "a withdrawal is not a deposit")
	assert.Len(t, s.Deliveries(), 2)
}

// sharedSurface is the surface every coinsdk sandbox has, with the names and
// signatures internal/sandboxkit's doc lists.
type sharedSurface interface {
	Close()
	SetCallbackURL(url string)
	Deliveries() []Delivery
	Redeliver(id string) (Delivery, error)
	InjectFault(f Fault)
	ClearFaults()
	Faults() []FaultStatus
	VerifyFaults() error
	Requests() []Request
	PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error)
	PayDeposit(address string, amount decimal.Decimal) (txID string, err error)
	Confirm(txID string) error
	ExpireInvoice(invoiceID string) error
	CompletePayout(id string) error
	FailPayout(id string, reason string) error
}

var _ sharedSurface = (*Server)(nil)

func TestExpireInvoice(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	defer s.Close()
	status, m := do(t, s, http.MethodPost, "/api/v1/invoice", s.APIKey, `{"customerId":"c","amount":"10","baseCurrency":"EUR"}`)
	require.Equal(t, http.StatusCreated, status, m)
	id := m["data"].(map[string]any)["id"].(string)
	// Floating-rate: one open invoice per customer.
	status, _ = do(t, s, http.MethodPost, "/api/v1/invoice", s.APIKey, `{"customerId":"c","amount":"10","baseCurrency":"EUR"}`)
	assert.Equal(t, http.StatusUnprocessableEntity, status)

	require.NoError(t, s.ExpireInvoice(id))
	_, err := s.PayInvoice(id, decimal.RequireFromString("10"))
	assert.ErrorIs(t, err, ErrInvalidState, "an expired invoice takes no payment")
	assert.ErrorIs(t, s.ExpireInvoice(id), ErrInvalidState, "twice")
	assert.ErrorIs(t, s.ExpireInvoice("no-such-invoice"), ErrNotFound)
	assert.Empty(t, s.Deliveries(), "XGateway sends callbacks for transactions only")
	status, _ = do(t, s, http.MethodPost, "/api/v1/invoice", s.APIKey, `{"customerId":"c","amount":"10","baseCurrency":"EUR"}`)
	assert.Equal(t, http.StatusCreated, status, "the customer may open another floating-rate invoice")
}

// Faults are the kit's: listed by Faults with their hits, checked by
// VerifyFaults, and answered in the provider's error shape.
func TestFaultsThroughKit(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	defer s.Close()
	s.InjectFault(Fault{Method: http.MethodPost, Path: "/api/v2/channels", Kind: FaultErrorAfterWork})
	require.Error(t, s.VerifyFaults(), "armed and not hit yet")
	require.Len(t, s.Faults(), 1)
	status, m := do(t, s, http.MethodPost, "/api/v2/channels", s.APIKey, `{"currency":"BTC","customerId":"c"}`)
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.Equal(t, false, m["success"])
	assert.NotEmpty(t, m["errors"])
	require.NoError(t, s.VerifyFaults())
	f := s.Faults()
	require.Len(t, f, 1)
	assert.Equal(t, 1, f[0].Hits)
	status, _ = do(t, s, http.MethodPost, "/api/v2/channels", s.APIKey, `{"currency":"BTC","customerId":"c"}`)
	assert.Equal(t, http.StatusCreated, status, "a one-shot fault is used up")
	s.ClearFaults()
	assert.Empty(t, s.Faults())
}
