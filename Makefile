# coinsdk Makefile. Every tool it needs that a fresh machine lacks is fetched
# through the Go module proxy, pinned, by `go run pkg@version`.

SHELL       := bash
GO          ?= go
STATICCHECK ?= $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME    ?= 10s
BENCHTIME   ?= 1s
BENCHCOUNT  ?= 5
PKGS        ?= ./...

.PHONY: all test vet staticcheck unit bench bench-store fuzz cover examples fmt sandbox

all: test

## test: go vet, staticcheck and the race-enabled test suite (what CI runs)
test: vet staticcheck unit

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(STATICCHECK) $(PKGS)

unit:
	$(GO) test -race -count=1 $(PKGS)

## bench: every Benchmark function, then the SDK/floor ratio of each
## <Name>/sdk, <Name>/floor pair (median of BENCHCOUNT runs); timings are
## reports, never assertions
bench:
	@set -o pipefail; $(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) -count $(BENCHCOUNT) $(PKGS) | tee bench.out
	@echo
	@$(GO) run ./internal/benchratio < bench.out

## bench-store: the durable store alone (README: "Performance"): webhook
## deliveries through webhooks.Handler per store (memory, SQLite, PostgreSQL,
## MariaDB) at 1/8/32 senders beside the hand-written database/sql floor,
## and payouts through payouts.Sender per journal; deliveries/s, p50/p99 and
## the sdk/floor ratios. STOREBENCH sets the deliveries per run.
STOREBENCH ?= 1000x
bench-store:
	@set -o pipefail; $(GO) test -run '^$$' -bench 'BenchmarkDelivery|BenchmarkPayout' -benchmem -benchtime $(STOREBENCH) -count 3 ./sqlstore/ | tee bench-store.out
	@echo
	@$(GO) run ./internal/benchratio < bench-store.out

## fuzz: each fuzz target for FUZZTIME
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' .); do \
		dir=$$(dirname $$f); \
		for t in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | sed 's/^func //'); do \
			echo "== $$dir $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./$$dir; \
		done; \
	done

## cover: coverage per function
cover:
	$(GO) test -coverprofile=coverage.out $(PKGS)
	$(GO) tool cover -func=coverage.out | tail -n 1

## examples: every example, offline against the sandboxes
examples:
	$(GO) run ./examples/quickstart
	$(GO) run ./examples/cryptochill
	$(GO) run ./examples/cryptoprocessing
	$(GO) run ./examples/channels
	$(GO) run ./examples/cryptopay
	$(GO) run ./examples/gateway
	$(GO) run ./examples/webhooks -selftest

## sandbox: the five sandboxes as one server (README: "The sandbox server");
## SANDBOX_FLAGS e.g. -addr 127.0.0.1:0 -env sandbox.env -retry-scale 60
sandbox:
	$(GO) run ./cmd/coinsdk-sandbox $(SANDBOX_FLAGS)

fmt:
	gofmt -w $$(git ls-files '*.go')
