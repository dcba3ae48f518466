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
// Only go/parser and go/ast are used: reading the source is enough to know
// names, signatures, receivers, fields and files, and it takes milliseconds
// where type-checking five packages from source would take seconds.
package shapecheck
