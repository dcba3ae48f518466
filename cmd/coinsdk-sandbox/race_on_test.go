//go:build race

package main

// raceBuild: the tests run with -race, so the server binary under test is
// built with -race too, and a data race in it fails the test that sees it.
const raceBuild = true
