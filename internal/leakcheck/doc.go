// Package leakcheck holds the cross-provider secret-leak test: it builds
// every finished provider's client, services, adapter, webhook verifier,
// signer and sandbox with distinctive secrets (and a base URL carrying
// user:password@), prints each with every fmt verb, alone and inside structs,
// slices and maps (exported and unexported fields, pointers and values), and
// prints the errors of failing calls, checking that no secret, password or
// full API key shows. It has no non-test code.
package leakcheck
