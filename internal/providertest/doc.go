// Package providertest holds the test logic every provider package runs the
// same way against its own client: printing every reachable value with
// every fmt verb and checking that no secret shows, refusing redirects of a
// signed call to another host, misuse being an error and never a panic,
// unknown outcomes carrying their reference, webhook refusals being one of
// the three sentinels, what each provider status means, the benchmarks'
// loopback server and measuring loop, and the small fixture and JSON
// helpers their tests share. Each function takes a testing.TB, so a
// provider's test file only builds its client and names its calls. It is
// imported only by tests.
package providertest
