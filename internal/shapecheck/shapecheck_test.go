package shapecheck

import (
	"flag"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shapeReport prints every finding and what excuses it:
//
//	go test ./internal/shapecheck -run TestPackageShape -v -args -shapereport
var shapeReport = flag.Bool("shapereport", false, "log every finding of TestPackageShape, excused or not")

// documentedDifferences are the real differences between providers, each
// with its reason: package → name (Violation.Key: a name, or "Name (shape)"
// for its signature, type, receiver or file) → reason. A
// difference that goes away must be deleted from here (the test says so),
// so that the table stays the list of what is really different.
var documentedDifferences = map[string]map[string]string{
	"cryptochill": {
		"AutomaticPayoutIntervals": "CryptoChill's documented automatic-payout intervals (a fresh copy each call): validation vocabulary only this API has",
		"ConversionKinds":          "the conversion kinds CryptoChill documents (a fresh copy each call)",
		"InvoiceCurrencies":        "the invoice price currencies CryptoChill documents (a fresh copy each call)",
		"InvoiceKinds":             "the invoice kinds (coins) CryptoChill documents (a fresh copy each call)",
		"PayoutCurrencies":         "the payout currencies CryptoChill documents (a fresh copy each call)",
		"PayoutKinds":              "the payout kinds (coins) CryptoChill documents (a fresh copy each call)",
		"Conversion.Normalized":    "a conversion moves the merchant's own funds between wallets: it is no payment, so it has no payments.Status",
		"Page":                     "the API pages its lists (page number and count): List returns *Page[T] beside All",
		"Page.HasNext":             "a CryptoChill page carries the page count, so whether another follows is known without asking",
		"Config.ProfileID":         "CryptoChill scopes invoices and callbacks to a profile of the account",
		"Payload":                  "exported so a merchant can reproduce the documentation's reference (Python) payload and signature byte for byte",
	},
	"cryptoprocessing": {
		"Config.WebhookSecret":                "CryptoProcessing signs callbacks with the API secret: there is no separate callback secret",
		"Config.PreviousWebhookSecrets":       "callbacks are signed with the API secret, so rotation keeps the previous API secrets (PreviousAPISecrets)",
		"Config.PreviousAPISecrets":           "callbacks are signed with the API secret: the secrets a rotation still accepts",
		"SandboxBaseURL":                      "the provider publishes a sandbox host (app.sandbox.cryptoprocessing.com)",
		"Client.Ping":                         "the API has an unauthenticated GET ping",
		"InvoicesService.Get":                 "the API has no invoice read: an invoice's state arrives as transactions (Transactions.Get, FindByReference)",
		"InvoicesService.List":                "the API has no invoice list",
		"InvoicesService.All":                 "the API has no invoice list",
		"TransactionsService.List":            "the API has no transaction list (transactions/info reads one)",
		"TransactionsService.All":             "the API has no transaction list",
		"TransactionsService.FindByReference": "transactions/info finds a transaction by foreign_id; the other providers look up by reference on the created object's own service",
		"WithdrawalsService.Create":           "the endpoint is withdrawal/crypto and the method is named for it (Crypto); withdrawals are read back as transactions",
	},
	"gateway": {
		"AccountsService.Get (shape)":   "the store has one balance sheet: GET /balances takes no id",
		"ProductionBaseURL":             "white-label: every reseller has its own host, so there is no provider-wide production host and no silent default",
		"BucksBusBaseURL":               "the host of BucksBus, the one reseller documented; named for it because it is not the gateway's own",
		"BucksBusTestBaseURL":           "BucksBus's test host (see BucksBusBaseURL)",
		"Config.AcceptUnsignedWebhooks": "a store without a webhook secret gets unsigned webhooks; accepting them is an explicit choice",
		"UnsignedCovers":                "the SignatureCovers of an unsigned webhook (AcceptUnsignedWebhooks)",
		"Event.Notification":            "the body's own \"type\" field, kept as sent",
		"BasicAuthorization":            "the API authenticates with HTTP Basic; exported for a merchant who calls an endpoint the SDK lacks",
		"Precision":                     "the SDK's local table of asset precisions, checked before sending; the API's Assets.List is the authority",
		"AccountsService.Get":           "a store has one balance sheet: GET /accounts answers every balance at once",
		"AccountsService.List":          "see AccountsService.Get: one answer, no list",
		"ConversionsService.Create":     "the gateway converts at once (Convert): nothing is created to be read back",
		"ConversionsService.Get":        "a conversion is not an object the API can read back",
		"ConversionsService.List":       "the API has no conversion list",
		"WithdrawalsService.Get":        "gateway withdrawals are objects of their own (GET /withdraw/{id}); the others read payouts back as transactions",
	},
	"cryptopay": {
		"Channel.Normalized":              "a channel's status (enabled/disabled) is a setting, not a payment state",
		"Transaction.Normalized":          "Cryptopay does not document account transaction statuses, so none is mapped",
		"EventNames":                      "Cryptopay documents a set of event names per object type; a function returns a fresh copy",
		"RatesService.Get (shape)":        "a rate is read by its pair (GET /api/rates/{base}/{quote}), not by one id",
		"Page":                            "the API pages its lists (starting_after cursor): List returns *Page[T] beside All",
		"SandboxBaseURL":                  "the provider publishes a sandbox host (business-sandbox.cryptopay.me)",
		"ErrCommitExpired":                "a two-step coin withdrawal committed after its window: nothing was paid",
		"ErrHighRiskAddress":              "Cryptopay refuses destinations its risk check flags",
		"ErrIPNotAllowed":                 "Cryptopay accounts can restrict the caller's IP",
		"ErrMaintenance":                  "Cryptopay announces maintenance with a dedicated answer",
		"ErrorDetails":                    "Cryptopay error answers carry a list of details (target, code, args) a merchant may need",
		"BodyMD5":                         "a documented part of Cryptopay's request signature, exported so the string to sign can be reproduced",
		"StringToSign":                    "Cryptopay's documented string to sign, exported so a signature can be reproduced",
		"JoinTag":                         "Cryptopay writes a destination tag inside the address (address?dt=tag)",
		"SplitTag":                        "the reverse of JoinTag",
		"Event.ObjectType":                "the body's own \"type\" field (Invoice, ChannelPayment…), kept as sent",
		"InvoicesService.FindByReference": "only Cryptopay invoices can be read by the merchant's reference (GET /api/invoices/custom_id/{id})",
		"TransactionsService.Get":         "the API lists transactions but cannot read one by id",
	},
	"channels": {
		"Config.APISecret":                "requests carry only an x-api-key header: there is no API secret",
		"NewSigner":                       "nothing to sign: requests carry only an x-api-key header",
		"Config.ExtraCurrencies":          "the documented currency list is closed; a currency added later needs its decimals to be checked",
		"Currencies":                      "the documented currencies with their decimals, the table amounts are checked against",
		"LookupCurrency":                  "see Currencies",
		"RefreshedCovers":                 "the SignatureCovers of a refreshed event: the callback's hash covers only some fields, the refresh reads the whole transaction",
		"InvoicesService.Create":          "two invoice endpoints with different rules (v1 floating rate, v2 fixed rate): CreateFloating and CreateFixed",
		"InvoicesService.Get":             "the API has no invoice read: deposits arrive as transactions (Transactions.Get)",
		"InvoicesService.List":            "the API has no invoice list",
		"InvoicesService.All":             "the API has no invoice list",
		"TransactionsService.List":        "the API has no transaction list",
		"TransactionsService.All":         "the API has no transaction list",
		"ChannelsService.Get":             "a channel here is a customer's deposit address (POST /api/v2/channels answers the same address again), not a Cryptopay channel object",
		"ChannelsService.List":            "see ChannelsService.Get",
		"ChannelsService.All":             "see ChannelsService.Get",
		"ChannelsService.FindByReference": "see ChannelsService.Get",
	},
	"cryptochilltest": {
		"ErrInvalidArgument":            "a control call given an argument the sandbox cannot use",
		"Options.ApproverKey":           "CryptoChill has a second, approve-only key pair",
		"Options.ApproverSecret":        "see Options.ApproverKey",
		"Server.ApproverKey":            "see Options.ApproverKey",
		"Server.ApproverSecret":         "see Options.ApproverKey",
		"Options.CallbackToken":         "CryptoChill's own name of the callback key (the client's Config.WebhookSecret)",
		"Server.CallbackToken":          "see Options.CallbackToken",
		"Options.MaxPayout":             "CryptoChill payouts above a limit wait for approval",
		"Server.ProfileID":              "the seeded profile (see cryptochill Config.ProfileID)",
		"Server.ExchangeID":             "the seeded exchange a conversion needs; the API cannot list exchanges",
		"Server.KeepIDs":                "keeps the seeded profile and exchange ids across a restart",
		"Server.SetConfirmations":       "CryptoChill reports confirmation counts",
		"Server.SetPayoutConfirmations": "see Server.SetConfirmations",
		"Server.SetProfileCallbackURL":  "callbacks go to a profile's URL, and there may be several profiles",
	},
	"cryptoprocessingtest": {
		"ErrInvalidAmount":     "a control call given an amount the sandbox cannot use",
		"Server.CancelDeposit": "CryptoProcessing deposits can end cancelled",
	},
	"gatewaytest": {
		"Server.HoldPayout":          "the gateway documents no withdrawal hold",
		"Server.PaymentOf":           "a dedicated-address deposit creates a payment whose id the test needs; the other providers' deposits are their transactions",
		"Options.StoreID":            "the gateway's credentials name a store",
		"Server.StoreID":             "see Options.StoreID",
		"Options.Unsigned":           "a store without a webhook secret sends unsigned webhooks (gateway Config.AcceptUnsignedWebhooks)",
		"Options.WebhookSecret":      "the key of X-Webhook-HMAC-SHA256",
		"Server.WebhookSecret":       "see Options.WebhookSecret",
		"Options.WithdrawalWebhooks": "whether the store is configured to notify withdrawals",
		"Server.Pay":                 "a payment here is an open-amount request the payer may pay several times",
		"Server.Payment":             "reads a payment's status as the gateway holds it",
		"Server.Withdrawal":          "reads a withdrawal's status as the gateway holds it",
	},
	"cryptopaytest": {
		"CommitWindow":                    "a two-step coin withdrawal must be committed within this window",
		"DateSkew":                        "requests are refused when their Date header is further off",
		"ProviderRateLimit":               "Cryptopay's documented rate limit",
		"SignatureHeader":                 "the header the sandbox signs callbacks in",
		"UnpaidInvoiceLifetime":           "an unpaid Cryptopay invoice expires after this",
		"Options.CallbackSecret":          "Cryptopay's own name of the callback key (the client's Config.WebhookSecret)",
		"Server.CallbackSecret":           "see Options.CallbackSecret",
		"Options.DuplicateCustomIDStatus": "which answer a reused custom_id gets (the documentation and the live API disagree)",
		"Options.PageSize":                "the page size, small in tests so paging is exercised",
		"Options.RateKeysWithSlash":       "the rates answer's key spelling (BTC/EUR or BTCEUR): the live API has sent both",
		"Options.RateLimitPerMinute":      "the sandbox's rate limit",
		"Server.CancelChannelPayment":     "Cryptopay channel payments have their own state machine",
		"Server.ConfirmChannelPayment":    "see Server.CancelChannelPayment",
		"Server.HoldChannelPayment":       "see Server.CancelChannelPayment",
		"Server.RefundChannelPayment":     "see Server.CancelChannelPayment",
		"Server.PayChannel":               "pays into a Cryptopay channel",
		"Server.CancelSubscription":       "Cryptopay subscriptions",
		"Server.PaySubscription":          "Cryptopay subscriptions",
		"Server.CompleteRefund":           "Cryptopay invoice refunds",
		"Server.ConfirmInvoice":           "a Cryptopay invoice is paid, then confirmed",
		"Server.PayInvoiceInFull":         "pays exactly what the invoice asks",
		"Server.FlagInvoiceIllicit":       "Cryptopay's risk check can flag an invoice's funds",
		"Server.MarkHighRiskAddress":      "Cryptopay's risk check refuses flagged destinations",
		"Server.FailureReason":            "reads why a withdrawal failed",
		"Server.SendPayout":               "a Cryptopay withdrawal is sent before it completes",
		"Server.SetForbidden":             "simulates an IP the account does not allow",
		"Server.SetRate":                  "Cryptopay quotes exchange rates",
	},
	"channelstest": {
		"Server.Balance":                   "XGateway's channel API has no balance call, so the sandbox keeps none (Options.Demo stands for an account without funds)",
		"Server.SetBalance":                "see Server.Balance",
		"Server.CancelPayout":              "an XGateway withdrawal only confirms or fails (FailPayout)",
		"Server.HoldPayout":                "XGateway documents no withdrawal hold",
		"Options.Demo":                     "XGateway demo accounts answer differently (simulate endpoint, failed withdrawals)",
		"Options.MinimalWithdrawalAnswers": "the live API sometimes answers a withdrawal with only its id",
		"Server.AnswerMinimalWithdrawals":  "see Options.MinimalWithdrawalAnswers",
		"Options.ProcessingCallbacks":      "whether the sandbox also sends the intermediate processing callbacks",
		"Options.SecretKey":                "XGateway's own name of the callback key (the client's Config.WebhookSecret)",
		"Server.SecretKey":                 "see Options.SecretKey",
		"Options.APISecret":                "requests carry only an x-api-key header: there is no API secret",
		"Server.APISecret":                 "see Options.APISecret",
		"FaultTransactionRead":             "the path of the one read endpoint, for a fault that targets it",
		"Server.FailDeposit":               "XGateway deposits can fail",
		"Server.PayDepositIn":              "pays in a currency given as the provider spells it",
		"Server.PaySettlement":             "XGateway settles collected funds",
		"Server.Transaction":               "reads a transaction's status as XGateway holds it",
		"Server.WithdrawalByOrderID":       "finds a withdrawal by the merchant's orderId",
	},
}

// pendingMigration are today's departures that issue 17's provider branches
// remove (PROVIDER.md §3): package → names. It keeps the tree green while
// they land; the integrator deletes each entry as it goes away (the test
// fails on an entry that no longer matches anything), or moves it to
// documentedDifferences with its reason. The goal is an empty list.
var pendingMigration = map[string][]string{}

type verdict struct {
	v      Violation
	reason string // "" for an unexcused finding
}

// judge splits findings into excused and not, and returns the entries of
// both tables that excused nothing.
func judge(vs []Violation, diffs map[string]map[string]string, pending map[string][]string) (out []verdict, stale []string) {
	used := map[string]bool{}
	for _, v := range vs {
		key := v.Pkg + " " + v.Key()
		reason := ""
		if r, ok := diffs[v.Pkg][v.Key()]; ok {
			reason = "documented: " + r
		} else if slices.Contains(pending[v.Pkg], v.Key()) {
			reason = "pending migration"
		}
		if reason != "" {
			used[key] = true
		}
		out = append(out, verdict{v, reason})
	}
	for _, pkg := range slices.Sorted(maps.Keys(diffs)) {
		for _, n := range slices.Sorted(maps.Keys(diffs[pkg])) {
			if !used[pkg+" "+n] {
				stale = append(stale, fmt.Sprintf("documentedDifferences[%q][%q]: no longer differs, delete it", pkg, n))
			}
		}
	}
	for _, pkg := range slices.Sorted(maps.Keys(pending)) {
		for _, n := range pending[pkg] {
			if !used[pkg+" "+n] {
				stale = append(stale, fmt.Sprintf("pendingMigration[%q] %q: migrated, delete it", pkg, n))
			}
		}
	}
	return out, stale
}

// TestPackageShape checks the five provider packages and their sandboxes
// against PROVIDER.md §3 and against each other. A finding that is neither
// a documented difference nor pending migration fails the test, and so does
// an entry of either table that no finding needs.
func TestPackageShape(t *testing.T) {
	t.Parallel()
	vs, err := Check("../..")
	require.NoError(t, err)
	verdicts, stale := judge(vs, documentedDifferences, pendingMigration)
	var pendingByPkg = map[string][]string{}
	for _, d := range verdicts {
		if *shapeReport {
			status := "NEW"
			if d.reason != "" {
				status = d.reason
			}
			t.Logf("%s  [%s]", d.v, status)
		}
		if d.reason == "" {
			assert.Fail(t, "shape", "%s (follow PROVIDER.md §3, or document the difference in documentedDifferences with its reason)", d.v)
			pendingByPkg[d.v.Pkg] = append(pendingByPkg[d.v.Pkg], d.v.Key())
		}
	}
	for _, s := range stale {
		assert.Fail(t, "stale table entry", s)
	}
	if *shapeReport {
		t.Logf("%d findings, %d stale table entries", len(vs), len(stale))
		t.Logf("unexcused, as pendingMigration entries:\n%s", goLiteral(pendingByPkg))
	}
	for pkg, ds := range documentedDifferences {
		for n, r := range ds {
			assert.NotEmpty(t, strings.TrimSpace(r), "documentedDifferences[%q][%q] has no reason", pkg, n)
		}
	}
}

func goLiteral(m map[string][]string) string {
	var b strings.Builder
	for _, pkg := range orderedPkgs(m) {
		names := slices.Compact(slices.Sorted(slices.Values(m[pkg])))
		fmt.Fprintf(&b, "\t%q: {\n", pkg)
		for _, n := range names {
			fmt.Fprintf(&b, "\t\t%q,\n", n)
		}
		b.WriteString("\t},\n")
	}
	return b.String()
}

// orderedPkgs lists providers first, in Providers order, then sandboxes.
func orderedPkgs(m map[string][]string) []string {
	var out []string
	for _, suffix := range []string{"", "test"} {
		for _, p := range Providers {
			if _, ok := m[p+suffix]; ok {
				out = append(out, p+suffix)
			}
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(out, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
