package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The five tours run in live mode against the started binary, with payouts
// allowed, from nothing but the env file, and exit 0.
func TestToursLiveAgainstServer(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the five example tours; skipped with -short")
	}
	srv := startServer(t, nil)
	tours := []string{"cryptochill", "cryptoprocessing", "gateway", "cryptopay", "channels"}
	dir := t.TempDir()
	args := []string{"build", "-o", dir}
	for _, name := range tours {
		args = append(args, "github.com/coinsdk/coinsdk/examples/"+name)
	}
	out, err := exec.Command("go", args...).CombinedOutput()
	require.NoError(t, err, "building the tours: %s", out)

	for _, name := range tours {
		t.Run(name, func(t *testing.T) {
			upper := strings.ToUpper(name)
			assert.Equal(t, "1", srv.env[upper+"_ALLOW_PAYOUT"])
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, filepath.Join(dir, name))
			cmd.Env = srv.environ()
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "tour %s against the server:\n%s", name, out)
			assert.Contains(t, string(out), srv.url+"/"+name, "the tour ran in live mode against the server")
			assert.NotContains(t, string(out), "offline sandbox")
			objects := srv.list("/_sandbox/" + name + "/objects")
			assert.NotEmpty(t, objects, "the tour's objects are in the server")
			for _, o := range objects {
				assert.Contains(t, []string{"invoice", "payment", "deposit", "payout", "address", "exchange"}, o["kind"])
				assert.NotEmpty(t, o["id"])
				assert.NotNil(t, o["view"], "%s %s has the provider's view", o["kind"], o["id"])
			}
			assert.NotEmpty(t, srv.list("/_sandbox/"+name+"/payouts"), "the tour sent a payout")
			assert.NotEmpty(t, srv.list("/_sandbox/"+name+"/requests"), "its requests are visible")
		})
	}
}
