// Package sandboxproc runs the standalone sandbox server
// (cmd/coinsdk-sandbox) as a process of its own, for the tests that need a
// provider which outlives the process they kill: the merchant's crash test
// (examples/webhooks) and the payout journal's (sqlstore). It builds the
// command, starts it on a free loopback port with an env file, and speaks
// its control API (/_sandbox/).
package sandboxproc

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a running coinsdk-sandbox.
type Server struct {
	// URL is the server's root (the control API is under /_sandbox/).
	URL string
	// Env is its env file: each provider's base URL and sandbox credentials,
	// by variable name.
	Env map[string]string
	// Log is the path of the file its output goes to.
	Log string
}

// built is the command built once per test process by Binary.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// Binary builds cmd/coinsdk-sandbox once per test process (without -race:
// the tests using it are about processes and databases; the server's own
// race tests run in its package) and returns its path. Call Cleanup from
// TestMain to remove it.
func Binary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "coinsdk-sandbox-bin-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "coinsdk-sandbox")
		built.out, built.err = exec.Command("go", "build", "-o", built.path, "github.com/coinsdk/coinsdk/cmd/coinsdk-sandbox").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build ./cmd/coinsdk-sandbox: %v\n%s", built.err, built.out)
	}
	return built.path
}

// Cleanup removes what Binary built.
func Cleanup() {
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
}

// Start runs the server binary bin on a free loopback port with args, an
// env file and a log in a temporary directory, and waits until it has
// written the env file (it does once it listens). It ends the process when
// the test ends.
func Start(t testing.TB, bin string, args ...string) *Server {
	t.Helper()
	dir := t.TempDir()
	envPath := filepath.Join(dir, "sandbox.env")
	s := &Server{Log: filepath.Join(dir, "sandbox.log")}
	logf, err := os.Create(s.Log)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0", "-env", envPath}, args...)...)
	cmd.Env = CleanEnv()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		_ = logf.Close()
		t.Fatal(err)
	}
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
		_ = logf.Close()
	})
	deadline := time.Now().Add(30 * time.Second) // not a measurement: a hang becomes a failure
	for {
		if env, err := ReadEnvFile(envPath); err == nil && env["COINSDK_SANDBOX_URL"] != "" {
			s.URL, s.Env = env["COINSDK_SANDBOX_URL"], env
			return s
		}
		select {
		case <-done:
			b, _ := os.ReadFile(s.Log)
			t.Fatalf("coinsdk-sandbox exited before listening:\n%s", b)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("coinsdk-sandbox wrote no env file in 30s; see %s", s.Log)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// CleanEnv is this process's environment without any provider or sandbox
// variable, so a developer's real credentials never reach a child process.
func CleanEnv() []string {
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

// ReadEnvFile parses the export lines of the server's env file. It is
// complete once its last line (CHANNELS_PAYOUT_AMOUNT) is there; before
// that it is an error.
func ReadEnvFile(path string) (map[string]string, error) {
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

// Environ is the env file as NAME=VALUE entries, for a child's environment.
func (s *Server) Environ() []string {
	var out []string
	for k, v := range s.Env {
		out = append(out, k+"="+v)
	}
	return out
}

// Base is the provider's API base URL ("http://127.0.0.1:port/cryptochill").
func (s *Server) Base(provider string) string { return s.Env[strings.ToUpper(provider)+"_BASE_URL"] }

// Call sends a control API request (body, when not nil, as JSON) and
// returns the status and the body.
func (s *Server) Call(method, path string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		return 0, nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return resp.StatusCode, raw, err
}

// OK sends a control API request and wants a 2xx.
func (s *Server) OK(method, path string, body any) ([]byte, error) {
	status, raw, err := s.Call(method, path, body)
	if err == nil && status/100 != 2 {
		err = fmt.Errorf("%s %s: %d %s", method, path, status, raw)
	}
	return raw, err
}

// Put sends a control API PUT and fails the test unless it answers 2xx.
func (s *Server) Put(t testing.TB, path string, body any) {
	t.Helper()
	if _, err := s.OK(http.MethodPut, path, body); err != nil {
		t.Fatal(err)
	}
}

// Get decodes a control API answer into out, and fails the test unless it
// answers 2xx with JSON.
func (s *Server) Get(t testing.TB, path string, out any) {
	t.Helper()
	raw, err := s.OK(http.MethodGet, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, raw)
	}
}
