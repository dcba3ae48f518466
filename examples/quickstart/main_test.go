package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuickstart runs the main job for every provider, as `go run` does,
// and checks the row says what the payout sender does on that provider
// when an outcome is unknown.
func TestQuickstart(t *testing.T) {
	for _, p := range providers {
		t.Run(p.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			row, err := run(ctx, p.setup)
			require.NoError(t, err)
			t.Log(row)
			assert.Contains(t, row, "ref wd-1001, once")
			if p.name == "gateway" {
				assert.Contains(t, row, "never resent: needs a person")
			} else {
				assert.Contains(t, row, "the provider dedupes")
			}
		})
	}
}
