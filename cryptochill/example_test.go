package cryptochill_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
)

// exampleClient returns a client whose requests are answered by a mock
// transport: routes maps "METHOD /path/" to a JSON body. Real code passes
// its own credentials and no options.
func exampleClient(routes map[string]string) *cryptochill.Client {
	mt := httpmock.NewMockTransport()
	for route, body := range routes {
		method, path, _ := strings.Cut(route, " ")
		mt.RegisterResponder(method, "https://api.cryptochill.com"+path, httpmock.NewStringResponder(200, body))
	}
	c, err := cryptochill.New(cryptochill.Config{APIKey: "my_api_key", APISecret: "my_api_secret", WebhookSecret: "your_callback_token"},
		option.WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		panic(err)
	}
	return c
}

func ExampleInvoicesService_Create() {
	c := exampleClient(map[string]string{"POST /v1/invoices/": `{"result": {"id": "42dbee1d-8659-44c3-aab2-6e414c5825a5",
		"kind": "BTC", "created_at": "2019-02-08T01:06:11.799601+00:00", "address": "3Q2sdSVxqQCyYUt4NvX2y4XNmn7PRF77PZ",
		"status": "new", "amount": {"requested": {"amount": "10.00", "currency": "USD"},
		"invoiced": {"amount": "0.00292111", "currency": "BTC"}, "paid": null}, "passthrough": "order-123"}}`})

	inv, err := c.Invoices.Create(context.Background(), &cryptochill.InvoiceParams{
		ProfileID: "bb519172-5823-4170-a1ba-b94143eaaaea", Amount: decimal.RequireFromString("10.00"),
		Currency: "USD", Kind: "BTC", Passthrough: "order-123"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(inv.Status, inv.Address)
	fmt.Println("pay", inv.Amount.Invoiced.Amount, inv.Amount.Invoiced.Currency)
	// Output:
	// new 3Q2sdSVxqQCyYUt4NvX2y4XNmn7PRF77PZ
	// pay 0.00292111 BTC
}

func ExampleTransactionsService_Get() {
	c := exampleClient(map[string]string{"GET /v1/transactions/9094fefe-3ac2-49b3-99ec-9b719331316c/": `{"result": {
		"id": "9094fefe-3ac2-49b3-99ec-9b719331316c", "kind": "BTC", "txid": "7f96054005c8aab5",
		"amount": {"paid": {"amount": "0.00293528", "currency": "BTC", "quotes": {"USD": "10.00"}}},
		"created_at": "2019-02-07T22:13:28.681005+00:00", "executed_at": null, "confirmed_at": null,
		"confirmations": 6, "status": "complete", "zero_conf_status": null, "network": "mainnet"}}`})

	tx, err := c.Transactions.Get(context.Background(), "9094fefe-3ac2-49b3-99ec-9b719331316c")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tx.Status, tx.Confirmations, tx.Amount.Paid.Amount, "BTC =", tx.Amount.Paid.Quotes["USD"].StringFixed(2), "USD")
	// Output: complete 6 0.00293528 BTC = 10.00 USD
}

func ExamplePayoutsService_Create() {
	c := exampleClient(map[string]string{"POST /v1/payouts/": `{"result": {"id": "2f065e32-8b11-4081-b302-57f9f9dbd2e4",
		"kind": "BTC", "created_at": "2019-02-11T03:04:51.113794+00:00", "status": "new",
		"amount": {"total": "0.01001000", "network_fee": "0.00001000"}, "reference_id": "withdrawal-7781",
		"recipients": [{"id": "b827813f", "address": "2NC3zgngjjRWR7kbKzKYYPR2jpWh3QZHRML",
		"amount": {"requested": {"amount": "0.01", "currency": "BTC"}, "received": {"amount": "0.01", "currency": "BTC"}}}]}}`})

	po, err := c.Payouts.Create(context.Background(), &cryptochill.PayoutParams{
		ProfileID:   "e4e197bf-486d-4f57-a064-2d047c6cafae",
		ReferenceID: "withdrawal-7781", // your own id: CryptoChill refuses a second payout with it
		Recipients: []cryptochill.Recipient{{
			Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: "2NC3zgngjjRWR7kbKzKYYPR2jpWh3QZHRML"}},
	})
	var unknown *payments.UnknownOutcomeError
	switch {
	case errors.As(err, &unknown):
		// Nothing is known yet: look it up later with
		// c.Payouts.FindByReference(ctx, unknown.Reference); never pay again under a new reference.
		fmt.Println("outcome unknown for", unknown.Reference)
	case err != nil:
		fmt.Println(err)
	default:
		fmt.Println(po.Status, po.ReferenceID, po.Amount.Total)
	}
	// Output: new withdrawal-7781 0.01001
}

func ExampleConversionsService_Create() {
	c := exampleClient(map[string]string{"POST /v1/conversions/": `{"result": {"id": "cv1",
		"from_wallet": {"id": "w1", "name": "Tron"}, "from_kind": "USDT-TRX",
		"to_wallet": {"id": "w1", "name": "Tron"}, "to_kind": "USDC-TRX", "amount": "50",
		"exchange": {"id": "ex1", "title": "Binance"}, "status": "draft", "is_approved": false}}`})

	cv, err := c.Conversions.Create(context.Background(), &cryptochill.ConversionParams{
		FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w1", ToKind: "USDC-TRX",
		Amount: decimal.RequireFromString("50"), Exchange: "ex1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cv.Status, cv.Amount, cv.FromKind, "→", cv.ToKind, "on", cv.Exchange.Title)
	// Output: draft 50 USDT-TRX → USDC-TRX on Binance
}

func ExampleProfilesService_List() {
	c := exampleClient(map[string]string{"GET /v1/profiles/": `{"result": [
		{"id": "p1", "name": "Production", "callback_url": "https://shop.example/cb", "currencies": [{"kind": "BTC", "network": "mainnet", "wallet_id": "w1"}]},
		{"id": "p2", "name": "Testnet", "callback_url": null, "currencies": []}]}`})

	profiles, err := c.Profiles.List(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range profiles {
		fmt.Println(p.ID, p.Name, p.CallbackURL != nil, len(p.Currencies))
	}
	// Output:
	// p1 Production true 1
	// p2 Testnet false 0
}

func ExampleWalletsService_Get() {
	// The documented Get Wallet response has no "result" wrapper; both shapes work.
	c := exampleClient(map[string]string{"GET /v1/wallets/w1/": `{"id": "w1", "name": "Ethereum",
		"balances": {"available": "1.5", "pending": "0.25", "to_consolidate": "0", "currency": "ETH"},
		"token_balances": [{"available": "120.000001", "pending": "0", "to_consolidate": "0", "currency": "USDT"}]}`})

	w, err := c.Wallets.Get(context.Background(), "w1")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(w.Name, w.Balances.Available, w.Balances.Currency)
	for _, tb := range w.TokenBalances {
		fmt.Println(" ", tb.Available, tb.Currency)
	}
	// Output:
	// Ethereum 1.5 ETH
	//   120.000001 USDT
}

func ExampleAutomaticPayoutsService_Update() {
	c := exampleClient(map[string]string{"PUT /v1/automatic-payouts/ap1/": `{"result": {"id": "ap1",
		"wallet": {"id": "w1", "name": "Bitcoin Testnet"}, "recipient_address": "3Q2sdSVxqQCyYUt4NvX2y4XNmn7PRF77PZ",
		"keep_amount": "1000"}}`})

	keep := decimal.RequireFromString("1000")
	ap, err := c.AutomaticPayouts.Update(context.Background(), "ap1", &cryptochill.AutomaticPayoutUpdateParams{KeepAmount: &keep})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ap.Wallet.Name, "keeps", ap.KeepAmount)
	// Output: Bitcoin Testnet keeps 1000
}

func ExampleAutomaticConversionsService_Create() {
	c := exampleClient(map[string]string{"POST /v1/automatic-conversions/": `{"result": {"id": "ac1",
		"from_wallet": {"id": "w1", "name": "Tron"}, "from_kind": "USDT-TRX", "to_wallet": {"id": "w1", "name": "Tron"},
		"to_kind": "USDC-TRX", "keep_amount": "50", "min_amount": "10", "max_amount": "500",
		"exchange": {"id": "ex1", "title": "Binance"}, "is_enabled": true}}`})

	enabled := true
	ac, err := c.AutomaticConversions.Create(context.Background(), &cryptochill.AutomaticConversionParams{
		IsEnabled: &enabled, FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w1", ToKind: "USDC-TRX",
		KeepAmount: decimal.RequireFromString("50"), MinAmount: decimal.RequireFromString("10"),
		MaxAmount: decimal.RequireFromString("500"), Exchange: "ex1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ac.ID, ac.IsEnabled, ac.MinAmount, ac.MaxAmount)
	// Output: ac1 true 10 500
}

func ExampleExchangeRatesService_Get() {
	c := exampleClient(map[string]string{"GET /v1/exchange-rates/EUR/": `{"result": {"id": "euro", "kind": "fiat",
		"symbol": "EUR", "rate_usd": "1.1424784928423721", "rate_btc": "2996.4282380088874310", "sign": "€"}}`})

	r, err := c.ExchangeRates.Get(context.Background(), "eur")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Sign, r.RateUSD)
	// Output: € 1.1424784928423721
}

func ExampleAccountService_Settings() {
	c := exampleClient(map[string]string{"GET /v1/account/settings/": `{"result": {"id": "acc1",
		"name": "Your Account (Testnet)", "is_testnet": true, "url": "https://cryptochill.com/app/your-account-testnet/"}}`})

	a, err := c.Account.Settings(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Name, a.IsTestnet)
	// Output: Your Account (Testnet) true
}

func ExampleWebhooksService_Parse() {
	// The API's own view of the invoice, which Refresh fetches.
	c := exampleClient(map[string]string{"GET /v1/invoices/inv-1/": `{"result": {"id": "inv-1", "kind": "BTC",
		"created_at": "2019-02-08T01:06:11.799601+00:00", "status": "complete",
		"amount": {"requested": {"amount": "10.00", "currency": "USD"}, "invoiced": {"amount": "0.00292111", "currency": "BTC"},
		"paid": {"amount": "0.00292111", "currency": "BTC"}}}}`})

	// A callback as CryptoChill would POST it (SignTestWebhook adds the
	// callback_id and its signature the same way).
	body, header, _ := cryptochill.SignTestWebhook("your_callback_token",
		[]byte(`{"callback_status": "invoice_complete", "invoice": {"id": "inv-1", "status": "complete"}}`))
	r := httptest.NewRequest(http.MethodPost, "/callbacks/cryptochill", strings.NewReader(string(body)))
	r.Header = header

	ev, err := c.Webhooks.Parse(r)
	if err != nil {
		fmt.Println(err) // answer 400 (malformed) or 401 (bad signature)
		return
	}
	// Only callback_id is signed: fetch the invoice from the API and credit
	// from that, never from the callback body; deduplicate on the refreshed
	// event's DedupeKey (the parsed one has none). The webhooks package does
	// all of this for you.
	fmt.Println(ev.Kind, ev.Type, "body authenticated:", ev.BodyAuthenticated)
	fresh, err := c.Webhooks.Refresh(context.Background(), ev)
	if err != nil {
		fmt.Println(err) // answer 5xx: CryptoChill retries
		return
	}
	fmt.Println(fresh.Invoice.Status, fresh.Invoice.Amount.Paid.Amount, "body authenticated:", fresh.BodyAuthenticated)
	// Output:
	// invoice invoice_complete body authenticated: false
	// complete 0.00292111 body authenticated: true
}
