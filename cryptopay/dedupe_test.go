package cryptopay

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDedupeKeyEveryComponent changes one component of the dedupe key at a
// time (all else equal): each change is another notification and gets
// another key, so a key that drops any component fails here.
func TestDedupeKeyEveryComponent(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(testCallback)
	key := func(typ, event string, obj map[string]any) string {
		t.Helper()
		b, err := json.Marshal(obj)
		require.NoError(t, err)
		body := callbackBody(t, typ, event, string(b))
		ev, err := v.ParseBody(body, http.Header{HeaderSignature: {signCallback(testCallback, body)}})
		require.NoError(t, err)
		return ev.DedupeKey()
	}
	with := func(base map[string]any, k string, val any) map[string]any {
		out := map[string]any{}
		for kk, vv := range base {
			out[kk] = vv
		}
		out[k] = val
		return out
	}
	tx := func(ids ...string) []any {
		out := []any{}
		for _, id := range ids {
			out = append(out, map[string]any{"txid": id, "risk": nil})
		}
		return out
	}
	cases := []struct {
		typ, event string
		base       map[string]any
		field      string
		other      any
	}{
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "id", "inv-2"},
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "status", "completed"},
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "status_context", "paid_late"},
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "paid_amount", "0.7"},
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "pay_amount", "0.9"},
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "transactions", tx("t2")},
		{"Invoice", "status_changed", map[string]any{"id": "inv-1", "status": "unresolved", "status_context": "underpaid", "paid_amount": "0.5", "pay_amount": "1.0", "transactions": tx("t1")}, "transactions", tx("t1", "t2")},
		{"CoinWithdrawal", "status_changed", map[string]any{"id": "w-1", "status": "sent", "txid": "tx1"}, "id", "w-2"},
		{"CoinWithdrawal", "status_changed", map[string]any{"id": "w-1", "status": "sent", "txid": "tx1"}, "status", "completed"},
		{"CoinWithdrawal", "status_changed", map[string]any{"id": "w-1", "status": "sent", "txid": "tx1"}, "txid", "tx2"},
		{"ChannelPayment", "on_hold", map[string]any{"id": "p-1", "channel_id": "c-1", "status": "on_hold", "status_context": "illicit_resource", "txid": "tx1", "paid_amount": "0.5"}, "id", "p-2"},
		{"ChannelPayment", "on_hold", map[string]any{"id": "p-1", "channel_id": "c-1", "status": "on_hold", "status_context": "illicit_resource", "txid": "tx1", "paid_amount": "0.5"}, "status", "completed"},
		{"ChannelPayment", "on_hold", map[string]any{"id": "p-1", "channel_id": "c-1", "status": "on_hold", "status_context": "illicit_resource", "txid": "tx1", "paid_amount": "0.5"}, "status_context", "channel_disabled"},
		{"ChannelPayment", "on_hold", map[string]any{"id": "p-1", "channel_id": "c-1", "status": "on_hold", "status_context": "illicit_resource", "txid": "tx1", "paid_amount": "0.5"}, "txid", "tx2"},
		{"ChannelPayment", "on_hold", map[string]any{"id": "p-1", "channel_id": "c-1", "status": "on_hold", "status_context": "illicit_resource", "txid": "tx1", "paid_amount": "0.5"}, "paid_amount", "0.6"},
		{"Subscription", "paid", map[string]any{"id": "s-1", "status": "active", "current_period_starts_at": "2024-01-01T00:00:00Z", "current_period_ends_at": "2024-02-01T00:00:00Z"}, "id", "s-2"},
		{"Subscription", "paid", map[string]any{"id": "s-1", "status": "active", "current_period_starts_at": "2024-01-01T00:00:00Z", "current_period_ends_at": "2024-02-01T00:00:00Z"}, "status", "cancelled"},
		{"Subscription", "paid", map[string]any{"id": "s-1", "status": "active", "current_period_starts_at": "2024-01-01T00:00:00Z", "current_period_ends_at": "2024-02-01T00:00:00Z"}, "current_period_starts_at", "2024-01-02T00:00:00Z"},
		{"Subscription", "paid", map[string]any{"id": "s-1", "status": "active", "current_period_starts_at": "2024-01-01T00:00:00Z", "current_period_ends_at": "2024-02-01T00:00:00Z"}, "current_period_ends_at", "2024-03-01T00:00:00Z"},
	}
	for _, tc := range cases {
		base := key(tc.typ, tc.event, tc.base)
		assert.Equal(t, base, key(tc.typ, tc.event, tc.base), "%s: a redelivery keeps the key", tc.typ)
		assert.NotEqual(t, base, key(tc.typ, tc.event, with(tc.base, tc.field, tc.other)), "%s: %s changed alone", tc.typ, tc.field)
	}
	// The event name alone, and the object type alone.
	inv := cases[0].base
	assert.NotEqual(t, key("Invoice", "transaction_created", inv), key("Invoice", "transaction_confirmed", inv), "event changed alone")
}
