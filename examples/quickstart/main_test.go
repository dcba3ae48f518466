package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestQuickstart runs the main job for every provider, as `go run` does.
func TestQuickstart(t *testing.T) {
	for _, p := range providers {
		t.Run(p.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			row, err := run(ctx, p.setup)
			require.NoError(t, err)
			t.Log(row)
		})
	}
}
