package payments_test

import (
	"errors"
	"fmt"

	"github.com/coinsdk/coinsdk/payments"
)

// Store Advance(stored, event) rather than the event's status: webhooks
// arrive late and more than once.
func ExampleAdvance() {
	stored := payments.StatusPaid
	late := payments.StatusConfirming // an older webhook delivered late
	fmt.Println(payments.Advance(stored, late))
	fmt.Println(payments.Advance(stored, payments.StatusRefunded))
	// Output:
	// paid
	// refunded
}

func ExampleMoney_Validate() {
	m := payments.MustMoney("0.123456789", "BTC")
	err := m.Validate("amount")
	fmt.Println(errors.Is(err, payments.ErrValidation))
	fmt.Println(err)
	// Output:
	// true
	// coinsdk: invalid amount: has 9 decimal places; BTC allows 8
}
