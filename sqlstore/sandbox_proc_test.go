package sqlstore_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sandboxBinary is cmd/coinsdk-sandbox, built once per run of this test
// binary into a temporary directory that TestMain removes.
var sandboxBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// buildSandbox builds the standalone sandbox server. It is built without
// -race whatever this binary is: the tests are about the processes and the
// database, and the server's own race tests run in cmd/coinsdk-sandbox.
func buildSandbox(t *testing.T) string {
	t.Helper()
	sandboxBinary.once.Do(func() {
		sandboxBinary.dir, sandboxBinary.err = os.MkdirTemp("", "sqlstore-sandbox-")
		if sandboxBinary.err != nil {
			return
		}
		sandboxBinary.path = filepath.Join(sandboxBinary.dir, "coinsdk-sandbox")
		cmd := exec.Command("go", "build", "-o", sandboxBinary.path, "github.com/coinsdk/coinsdk/cmd/coinsdk-sandbox")
		sandboxBinary.out, sandboxBinary.err = cmd.CombinedOutput()
	})
	require.NoError(t, sandboxBinary.err, "go build ./cmd/coinsdk-sandbox: %s", sandboxBinary.out)
	return sandboxBinary.path
}

// sandboxServer is a running coinsdk-sandbox process: the five providers'
// sandboxes behind one port, with the control API at /_sandbox/.
type sandboxServer struct {
	// url is the server's root.
	url string
	// env is its env file: each provider's base URL and credentials.
	env map[string]string
}

// startSandbox starts the standalone sandbox on a free loopback port and
// waits until it has written its env file (it does once it listens); the
// process is ended when the test ends.
func startSandbox(t *testing.T) *sandboxServer {
	t.Helper()
	bin := buildSandbox(t)
	envPath := filepath.Join(t.TempDir(), "sandbox.env")
	var logs bytes.Buffer
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-env", envPath)
	cmd.Env = providerFreeEnv()
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		if cmd.Process.Signal(syscall.SIGTERM) != nil {
			_ = cmd.Process.Kill()
		}
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	deadline := time.Now().Add(30 * time.Second) // not a measurement: a hang becomes a failure
	for {
		if env, err := readEnvFile(envPath); err == nil && env["COINSDK_SANDBOX_URL"] != "" {
			return &sandboxServer{url: env["COINSDK_SANDBOX_URL"], env: env}
		}
		select {
		case <-done:
			t.Fatalf("coinsdk-sandbox exited before listening:\n%s", logs.String())
		default:
		}
		require.True(t, time.Now().Before(deadline), "coinsdk-sandbox wrote no env file in 30s")
		time.Sleep(10 * time.Millisecond)
	}
}

// providerFreeEnv is this process's environment without any provider or
// sandbox variable, so a developer's real credentials never reach a child.
func providerFreeEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		keep := !strings.HasPrefix(name, "COINSDK_SANDBOX_")
		for _, p := range []string{"CRYPTOCHILL_", "CRYPTOPROCESSING_", "GATEWAY_", "CRYPTOPAY_", "CHANNELS_"} {
			keep = keep && !strings.HasPrefix(name, p)
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// readEnvFile parses the export lines of the server's env file; it is
// complete once its last line (CHANNELS_PAYOUT_AMOUNT) is there.
func readEnvFile(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "export ")
		if !ok {
			continue
		}
		name, value, ok := strings.Cut(rest, "=")
		if !ok {
			return nil, fmt.Errorf("env file line %q", sc.Text())
		}
		out[name] = strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(value, "'"), "'"), `'\''`, "'")
	}
	if out["CHANNELS_PAYOUT_AMOUNT"] == "" {
		return nil, fmt.Errorf("env file %s is not complete yet", path)
	}
	return out, nil
}

// base is the provider's API base URL as the env file gives it.
func (s *sandboxServer) base(provider string) string {
	return s.env[strings.ToUpper(provider)+"_BASE_URL"]
}

// via is the provider's base URL with its host replaced by proxy's (the
// path, e.g. /cryptoprocessing/api/v2, is kept): the child sends there.
func (s *sandboxServer) via(t *testing.T, provider, proxy string) string {
	t.Helper()
	u, err := url.Parse(s.base(provider))
	require.NoError(t, err)
	return strings.TrimSuffix(proxy, "/") + u.Path
}

// sandboxPayout is one payout as GET /_sandbox/{p}/payouts lists it.
type sandboxPayout struct {
	ID   string          `json:"id"`
	View json.RawMessage `json:"view"`
}

// payouts counts the payouts the server holds for provider, by the
// merchant's reference read from the provider's own view of each (rig's
// reference): what the sandbox made, whatever the SDK believes.
func (s *sandboxServer) payouts(t *testing.T, r *rig) map[string]int {
	t.Helper()
	resp, err := http.Get(s.url + "/_sandbox/" + r.name + "/payouts")
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(raw))
	var list []sandboxPayout
	require.NoError(t, json.Unmarshal(raw, &list), string(raw))
	per := map[string]int{}
	for _, p := range list {
		ref, err := r.reference(p.View)
		require.NoError(t, err, "%s payout %s: %s", r.name, p.ID, p.View)
		per[ref]++
	}
	return per
}

// made returns how many payouts the server holds for each of refs, and
// their sum.
func (s *sandboxServer) made(t *testing.T, r *rig, refs []string) (map[string]int, int) {
	t.Helper()
	all := s.payouts(t, r)
	per, total := map[string]int{}, 0
	for _, ref := range refs {
		per[ref] = all[ref]
		total += all[ref]
	}
	return per, total
}
