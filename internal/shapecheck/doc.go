// Package shapecheck reads the five provider packages and their sandboxes
// from source and reports where they depart from the one shape the provider
// brief (issue 17, PROVIDER.md §3) gives them: constructors, Config, base
// URLs, Client, services and their lookups and lists, status types, events,
// webhooks, the test-webhook signer, the adapter, sandbox servers and file
// names. A second, cross-package rule compares the packages with each other,
// so that a name one provider gains, loses or renames is reported even where
// no per-package rule names it.
//
// The checker is code (not test code) so that cmd/shapereport can print its
// findings; TestPackageShape applies the documented differences between
// providers (each with its reason) and fails on anything else.
//
// Running it:
//
//	go test ./internal/shapecheck                      # fails on a new departure or a stale table entry
//	go test ./internal/shapecheck -run TestPackageShape -v -args -shapereport
//	                                                   # every finding with what excuses it, and the
//	                                                   # unexcused ones as pendingMigration entries
//	go run ./internal/shapecheck/cmd/shapereport       # every finding, before the tables
//
// When a provider branch lands, the test names the pendingMigration entries
// it made stale (delete them) and any new finding (fix it, or document it in
// documentedDifferences with its reason). The goal is an empty
// pendingMigration.
//
// Only go/parser and go/ast are used: reading the source is enough to know
// names, signatures, receivers, fields and files, and it takes milliseconds
// where type-checking five packages from source would take seconds.
package shapecheck
