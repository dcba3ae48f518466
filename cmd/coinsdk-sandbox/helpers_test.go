package main

import (
	"bufio"
	"bytes"
	"encoding/json"
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

	"github.com/coinsdk/coinsdk/internal/sandboxproc"
	"github.com/stretchr/testify/require"
)

// binary is the coinsdk-sandbox built once for the package's tests.
var binary struct {
	once sync.Once
	path string
	err  error
	out  []byte
}

// buildBinary builds the command (not the in-process packages) into a
// temporary directory, once.
func buildBinary(t *testing.T) string {
	t.Helper()
	binary.once.Do(func() {
		dir, err := os.MkdirTemp("", "coinsdk-sandbox-test-")
		if err != nil {
			binary.err = err
			return
		}
		binary.path = filepath.Join(dir, "coinsdk-sandbox")
		args := []string{"build", "-o", binary.path}
		if raceBuild {
			args = append(args, "-race")
		}
		cmd := exec.Command("go", append(args, ".")...)
		binary.out, binary.err = cmd.CombinedOutput()
	})
	require.NoError(t, binary.err, "go build: %s", binary.out)
	return binary.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.path != "" {
		_ = os.RemoveAll(filepath.Dir(binary.path))
	}
	os.Exit(code)
}

// server is a started coinsdk-sandbox process.
type server struct {
	t       *testing.T
	cmd     *exec.Cmd
	url     string
	env     map[string]string // the -env file, parsed
	envPath string
	stderr  *syncBuffer
	done    chan struct{}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServer starts the binary with args on a free loopback port (unless
// args name -addr) and an env file, and waits until it serves.
func startServer(t *testing.T, environ []string, args ...string) *server {
	t.Helper()
	bin := buildBinary(t)
	s := &server{t: t, envPath: filepath.Join(t.TempDir(), "sandbox.env"), stderr: &syncBuffer{}, done: make(chan struct{})}
	hasAddr := false
	for _, a := range args {
		if a == "-addr" || strings.HasPrefix(a, "-addr=") {
			hasAddr = true
		}
	}
	if !hasAddr {
		args = append([]string{"-addr", "127.0.0.1:0"}, args...)
	}
	args = append(args, "-env", s.envPath)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = append(sandboxproc.CleanEnv(), environ...)
	s.cmd.Stderr = s.stderr
	stdout, err := s.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	go func() { _ = s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() { s.kill(); s.checkRaces() })
	deadline := time.After(30 * time.Second)
	for s.url == "" {
		select {
		case line, ok := <-lines:
			require.True(t, ok, "server exited before listening; stderr:\n%s", s.stderr.String())
			if rest, found := strings.CutPrefix(line, "coinsdk-sandbox listening on "); found {
				s.url = rest
			}
		case <-deadline:
			t.Fatalf("server did not start in 30s; stderr:\n%s", s.stderr.String())
		}
	}
	s.env, err = sandboxproc.ReadEnvFile(s.envPath)
	require.NoError(t, err)
	require.Equal(t, s.url, s.env["COINSDK_SANDBOX_URL"])
	return s
}

// checkRaces fails the test when the race detector reported in the
// server's stderr.
func (s *server) checkRaces() {
	if strings.Contains(s.stderr.String(), "WARNING: DATA RACE") {
		s.t.Errorf("data race in coinsdk-sandbox:\n%s", s.stderr.String())
	}
}

// kill ends the process with SIGKILL (no cleanup at all).
func (s *server) kill() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-s.done
}

// environ is the env file as NAME=VALUE entries for exec.Cmd.Env.
func (s *server) environ() []string {
	out := sandboxproc.CleanEnv()
	for k, v := range s.env {
		out = append(out, k+"="+v)
	}
	return out
}

// call sends a control API request and decodes the JSON answer.
func (s *server) call(method, path string, body any) (int, map[string]any, []byte) {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			rd = strings.NewReader(b)
		default:
			raw, err := json.Marshal(b)
			require.NoError(s.t, err)
			rd = bytes.NewReader(raw)
		}
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	require.NoError(s.t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m, raw
}

// list decodes a control API list.
func (s *server) list(path string) []map[string]any {
	s.t.Helper()
	status, _, raw := s.call(http.MethodGet, path, nil)
	require.Equal(s.t, http.StatusOK, status, string(raw))
	var out []map[string]any
	require.NoError(s.t, json.Unmarshal(raw, &out), string(raw))
	return out
}
