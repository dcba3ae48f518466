package cryptopay

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDepositCustomID(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "deposit:BTC:EUR:c:1", depositCustomID("BTC", "EUR", "c:1"))
	cust, hashed, ok := depositCustomer("deposit:BTC:EUR:c:1")
	assert.Equal(t, "c:1", cust)
	assert.False(t, hashed)
	assert.True(t, ok)
	long := strings.Repeat("x", 300)
	id := depositCustomID("BTC", "EUR", long)
	assert.LessOrEqual(t, len(id), maxCustomID)
	assert.True(t, strings.HasPrefix(id, depositHashPrefix))
	assert.NotEqual(t, id, depositCustomID("BTC", "EUR", long+"y"))
	assert.NotEqual(t, id, depositCustomID("BTC", "BTC", long))
	_, hashed, ok = depositCustomer(id)
	assert.True(t, hashed)
	assert.True(t, ok)
	// The description names the customer only when its hash matches.
	assert.Equal(t, long, customerFromChannel(&Channel{CustomID: id, Description: depositDescription(long)}))
	assert.Empty(t, customerFromChannel(&Channel{CustomID: id, Description: depositDescription(long + "z")}))
	assert.Empty(t, customerFromChannel(&Channel{CustomID: "deposit:BTC:EUR:c", Description: depositDescription("c")}))
	// Not a deposit channel: the channel's customer_id, if any.
	for _, other := range []string{"", "order-1", "deposit:BTC", "deposit::EUR:c", "deposit-sha256:BTC:EUR:short"} {
		_, _, ok := depositCustomer(other)
		assert.False(t, ok, other)
	}
	assert.Equal(t, "cu-1", paymentCustomer(&ChannelPayment{CustomID: "other", CustomerID: "cu-1"}))
	assert.Equal(t, "c", paymentCustomer(&ChannelPayment{CustomID: "deposit:BTC:BTC:c", CustomerID: "cu-1"}))
}
