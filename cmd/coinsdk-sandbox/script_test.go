package main

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// needTool finds a program the test needs: missing, the test is skipped with
// the reason, except under CI=true where it fails.
func needTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%v not found on PATH; CI must provide it", names)
	}
	t.Skipf("%v not found on PATH: this test needs it (CI installs it and runs the test)", names)
	return ""
}

// A client that is not Go drives a whole flow over the provider API and the
// control API, and verifies the callbacks itself (testdata/flow.py).
func TestNonGoClientFlow(t *testing.T) {
	t.Parallel()
	python := needTool(t, "python3")
	srv := startServer(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, "testdata/flow.py")
	cmd.Env = srv.environ()
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "flow.py:\n%s", out)
	assert.Contains(t, string(out), "flow ok")
	assert.Contains(t, string(out), "status_changed/completed")
}
