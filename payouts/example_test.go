package payouts_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
)

// A payout sent once per reference: the repeat is answered from the
// journal, other parameters under the reference are refused.
func ExampleSender_Send() {
	sb := cryptochilltest.NewServer(cryptochilltest.Options{}) // the provider's sandbox
	defer sb.Close()
	c, _ := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID},
		option.WithBaseURL(sb.URL))
	// Production: store.Journal() of package sqlstore, shared by every replica.
	a, _ := cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
	s, _ := payouts.NewSender(a, payouts.NewMemoryJournal())

	ctx := context.Background()
	params := &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"),
		Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Reference: "withdrawal-1001"}
	p, err := s.Send(ctx, params)
	fmt.Println(p.Reference, p.Amount, err)
	again, err := s.Send(ctx, params)
	fmt.Println("same payout:", again.ID == p.ID, err)
	other := *params
	other.Amount = payments.MustMoney("0.002", "BTC")
	_, err = s.Send(ctx, &other)
	fmt.Println(errors.Is(err, payments.ErrDuplicateReference))
	// Output:
	// withdrawal-1001 0.001 BTC <nil>
	// same payout: true <nil>
	// true
}

// On the gateway, which can neither deduplicate nor look a withdrawal up,
// an unknown outcome is never sent again: it waits for a person.
func ExampleSender_Resolve() {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	c, _ := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret},
		option.WithBaseURL(sb.URL))
	a, _ := gateway.NewAdapter(c, gateway.AdapterOptions{})
	s, _ := payouts.NewSender(a, payouts.NewMemoryJournal())

	ctx := context.Background()
	sb.InjectFault(gatewaytest.Fault{Method: http.MethodPost, Path: "withdraw", Kind: gatewaytest.FaultErrorAfterWork})
	params := &payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "bc1qpayee", Reference: "withdrawal-2002"}
	_, err := s.Send(ctx, params)
	fmt.Println(errors.Is(err, payments.ErrUnknownOutcome), errors.Is(err, payouts.ErrNeedsPerson))
	_, err = s.Send(ctx, params) // the README's "repeat it" does not resend here
	fmt.Println(errors.Is(err, payouts.ErrNeedsPerson))
	results, _ := s.Resolve(ctx)
	for _, r := range results {
		fmt.Println(r.Reference, r.State)
	}
	fmt.Println("withdrawals made:", sb.PayoutsMade())
	// Output:
	// true true
	// true
	// withdrawal-2002 attention
	// withdrawals made: 1
}
