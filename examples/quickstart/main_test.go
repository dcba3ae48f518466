package main

import (
	"context"
	"testing"
	"time"
)

// TestQuickstart runs the main job for every provider, as `go run` does.
func TestQuickstart(t *testing.T) {
	for _, p := range providers {
		t.Run(p.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			row, err := run(ctx, p.setup)
			if err != nil {
				t.Fatal(err)
			}
			t.Log(row)
		})
	}
}
