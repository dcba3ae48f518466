package main

import (
	"strings"
	"testing"
)

func TestSelfTest(t *testing.T) {
	var out strings.Builder
	if err := runSelfTest(&out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}
