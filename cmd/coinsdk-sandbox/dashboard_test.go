package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// findBrowser returns Chromium's path: Debian's /usr/bin/chromium or one on
// PATH. Without one the test is skipped, saying so, except under CI=true.
func findBrowser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return needTool(t, "chromium", "chromium-browser", "google-chrome")
}

// The dashboard, in a real headless Chromium: a Cryptopay invoice is paid
// and confirmed with its buttons, another expired, a Gateway withdrawal
// completed; each click shows in the server's state and on the page.
func TestDashboardInBrowser(t *testing.T) {
	t.Parallel()
	browser := findBrowser(t)
	srv := startServer(t, nil)
	inv := createInvoice(t, srv)
	other := createInvoice(t, srv)

	gc, err := gateway.New(gateway.Config{APIKey: srv.env["GATEWAY_API_KEY"], APISecret: srv.env["GATEWAY_API_SECRET"],
		WebhookSecret: srv.env["GATEWAY_WEBHOOK_SECRET"]}, option.WithBaseURL(srv.env["GATEWAY_BASE_URL"]))
	require.NoError(t, err)
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	wd, err := gc.Withdrawals.Create(wctx, &gateway.WithdrawalParams{Amount: decimal.RequireFromString("0.001"), AssetID: "BTC",
		Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Reference: "dash-1"})
	require.NoError(t, err)

	profile, err := os.MkdirTemp("", "coinsdk-sandbox-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(profile) }) // best effort: Chromium may still be writing as it exits
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer acancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	defer func() { _ = chromedp.Cancel(ctx) }() // close the browser and wait for it
	ctx, tcancel := context.WithTimeout(ctx, 60*time.Second)
	defer tcancel()

	button := func(p, action, id string) string {
		return fmt.Sprintf(`button[data-provider=%q][data-action=%q][data-id=%q]`, p, action, id)
	}
	row := func(p, kind, id string) string {
		return fmt.Sprintf(`#objects-%s tr[data-kind=%q][data-id=%q]`, p, kind, id)
	}
	// click presses a button and waits until the page shows the action's
	// answer (the page counts finished actions in body[data-acts]).
	click := func(sel string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var before string
			if err := chromedp.Evaluate(`document.body.getAttribute("data-acts") || "0"`, &before).Do(ctx); err != nil {
				return err
			}
			if err := chromedp.Click(sel, chromedp.NodeVisible).Do(ctx); err != nil {
				return err
			}
			return chromedp.Poll(fmt.Sprintf(`(document.body.getAttribute("data-acts") || "0") !== %q`, before), nil).Do(ctx)
		})
	}
	var title, prefilled, status, msg string
	var nodes int
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(srv.url+"/"),
		chromedp.Title(&title),
		chromedp.WaitVisible(`#tab-cryptopay`),
		click(`#tab-cryptopay`),
		chromedp.WaitVisible(row("cryptopay", "invoice", inv.ID)),
		chromedp.Value(fmt.Sprintf(`input.amount[data-provider="cryptopay"][data-id=%q]`, inv.ID), &prefilled),
	), "dashboard did not show the invoice")
	assert.Equal(t, "coinsdk sandbox", title)
	assert.Equal(t, inv.PayAmount.String(), prefilled, "the amount due is filled in")

	// Pay it in full with the button, then confirm the payment.
	require.NoError(t, chromedp.Run(ctx,
		click(button("cryptopay", "pay", inv.ID)),
		click(`#objects-cryptopay button[data-action="confirm"]`),
		chromedp.Text(`#msg`, &msg),
	))
	assert.Contains(t, msg, "confirm")
	assert.NotContains(t, msg, "failed")
	got := objectByID(t, srv, "cryptopay", inv.ID)
	assert.Equal(t, "completed", got["status"], "paid and confirmed from the page")
	require.NoError(t, chromedp.Run(ctx, chromedp.Text(row("cryptopay", "invoice", inv.ID)+` td.status`, &status)))
	assert.Equal(t, "completed", status, "the page shows it")

	// Expire the other invoice.
	require.NoError(t, chromedp.Run(ctx,
		click(button("cryptopay", "expire", other.ID)),
		chromedp.Text(row("cryptopay", "invoice", other.ID)+` td.status`, &status),
	))
	assert.Equal(t, "cancelled", status)
	assert.Equal(t, "cancelled", objectByID(t, srv, "cryptopay", other.ID)["status"])

	// Deliveries are listed (recorded without a callback URL).
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll("#deliveries-cryptopay tr[data-id]").length`, &nodes)))
	assert.Equal(t, len(srv.list("/_sandbox/cryptopay/deliveries")), nodes)

	// A refused action shows its error: hold is not modelled for gateway.
	require.NoError(t, chromedp.Run(ctx,
		click(`#tab-gateway`),
		click(button("gateway", "hold", wd.WithdrawID)),
		chromedp.Text(`#msg.error`, &msg),
	))
	assert.Contains(t, msg, "not supported")
	require.NoError(t, chromedp.Run(ctx,
		click(button("gateway", "complete", wd.WithdrawID)),
		chromedp.Text(`#msg`, &msg),
		chromedp.Text(row("gateway", "payout", wd.WithdrawID)+` td.status`, &status),
	))
	assert.NotContains(t, msg, "failed")
	assert.Equal(t, "COMPLETE", strings.ToUpper(status))
	assert.Equal(t, status, objectByID(t, srv, "gateway", wd.WithdrawID)["status"])
}

// objectByID reads one object through the control API.
func objectByID(t *testing.T, srv *server, p, id string) map[string]any {
	t.Helper()
	for _, o := range srv.list("/_sandbox/" + p + "/objects") {
		if o["id"] == id {
			return o
		}
	}
	t.Fatalf("%s: no object %s", p, id)
	return nil
}
