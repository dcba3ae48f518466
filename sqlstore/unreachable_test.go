package sqlstore_test

import (
	"os"
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/dbtest"
)

// A test server that does not answer skips the database's tests with a
// message naming the variable, and fails them under CI=true: never a
// silent skip, never a green CI without the database.
func TestUnreachableServerSkipsOrFailsUnderCI(t *testing.T) {
	if os.Getenv(helperEnv) != "" || os.Getenv("COINSDK_SQLSTORE_UNREACHABLE") != "" {
		t.Skip("already inside the re-executed test binary")
	}
	closed := freeAddr(t)
	for _, tc := range []struct{ env, url, sub string }{
		{dbtest.PostgresEnv, "postgres://postgres@" + closed + "/test?sslmode=disable", "postgres"},
		{dbtest.MySQLEnv, "mysql://root@" + closed + "/test", "mysql"},
	} {
		run := func(ci string) (string, error) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestPrune$/^"+tc.sub+"$", "-test.v")
			cmd.Env = append(os.Environ(), tc.env+"="+tc.url, "CI="+ci, "COINSDK_SQLSTORE_UNREACHABLE=1")
			out, err := cmd.CombinedOutput()
			return string(out), err
		}
		out, err := run("")
		require.NoError(t, err, out)
		assert.Contains(t, out, "--- SKIP", "skipped without CI")
		assert.Contains(t, out, tc.env, "the skip names the variable")

		out, err = run("true")
		require.Error(t, err, "fails under CI=true: %s", out)
		assert.Contains(t, out, "--- FAIL")
		assert.Contains(t, out, tc.env)
	}
}
