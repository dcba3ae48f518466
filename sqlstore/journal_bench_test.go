package sqlstore_test

import (
	"context"
	"fmt"
	"github.com/coinsdk/coinsdk/internal/benchcpu"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/shopspring/decimal"
)

// BenchmarkPayout puts a payout through payouts.Sender (sdk: the intent
// written and claimed before the create, the outcome after) beside the bare
// adapter's CreatePayout (floor), for each journal, on two sandboxes:
// cryptochill, which deduplicates a reference (the outcome is
// group-committed behind Send's return: one write on the caller's path),
// and the gateway, which cannot (the outcome is written before Send
// returns: two). The journal's cost is the difference. So that it reads in
// database round trips, each database sub-benchmark also reports db-rtt-ns
// (one autocommitted SELECT 1) and db-write-ns (one autocommitted
// single-row INSERT: a round trip plus a durable commit).
func BenchmarkPayout(b *testing.B) {
	b.Run("memory", func(b *testing.B) {
		benchPayout(b, func(testing.TB) (payouts.Journal, func(*testing.B)) {
			return payouts.NewMemoryJournal(), func(*testing.B) {}
		})
	})
	for _, d := range dbtest.Dialects {
		b.Run(string(d), func(b *testing.B) {
			benchPayout(b, func(tb testing.TB) (payouts.Journal, func(*testing.B)) {
				s := dbtest.Open(tb, dbtest.Fresh(tb, d))
				ctx := context.Background()
				if _, err := s.DB().ExecContext(ctx, "CREATE TABLE bench_writes (i BIGINT NOT NULL)"); err != nil {
					tb.Fatal(err)
				}
				return s.Journal(), func(b *testing.B) {
					const n = 100
					per := func(q string, args ...any) time.Duration {
						start := time.Now()
						for range n {
							if _, err := s.DB().ExecContext(ctx, s.Dialect().Bind(q), args...); err != nil {
								b.Fatal(err)
							}
						}
						return time.Since(start)
					}
					benchcpu.ReportPerOp(b, per("SELECT 1"), n, "db-rtt-ns")
					benchcpu.ReportPerOp(b, per("INSERT INTO bench_writes (i) VALUES (?)", 1), n, "db-write-ns")
				}
			})
		})
	}
}

func benchPayout(b *testing.B, journal func(testing.TB) (payouts.Journal, func(*testing.B))) {
	b.Run("cryptochill", func(b *testing.B) {
		sb := cryptochilltest.NewServer(cryptochilltest.Options{})
		b.Cleanup(sb.Close)
		sb.SetBalance("BTC", decimal.RequireFromString("1000000000"))
		c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID}, option.WithBaseURL(sb.URL))
		if err != nil {
			b.Fatal(err)
		}
		a, err := cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		benchSender(b, a, journal)
	})
	b.Run("gateway", func(b *testing.B) {
		sb := gatewaytest.NewServer(gatewaytest.Options{})
		b.Cleanup(sb.Close)
		sb.SetBalance("BTC", decimal.RequireFromString("1000000000"))
		c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret}, option.WithBaseURL(sb.URL))
		if err != nil {
			b.Fatal(err)
		}
		a, err := gateway.NewAdapter(c, gateway.AdapterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		benchSender(b, a, journal)
	})
}

func benchSender(b *testing.B, a payments.Adapter, journal func(testing.TB) (payouts.Journal, func(*testing.B))) {
	j, measureDB := journal(b)
	s, err := payouts.NewSender(a, j)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	params := func(i int, kind string) *payments.PayoutParams {
		return &payments.PayoutParams{Amount: payments.MustMoney("0.0001", "BTC"), Address: "bc1qbenchpayoutaddress00000000000000000000",
			Reference: fmt.Sprintf("bench-%s-%d-%d", kind, time.Now().UnixNano(), i)}
	}
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := s.Send(ctx, params(i, "sdk")); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := s.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		measureDB(b)
	})
	b.Run("floor", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := a.CreatePayout(ctx, params(i, "floor")); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		measureDB(b)
	})
}
