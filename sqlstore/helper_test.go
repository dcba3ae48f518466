package sqlstore_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/coinsdk/coinsdk/internal/sandboxproc"
	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/webhooks"
)

// The tests that need real processes (replicas, kill -9, two migrations at
// once) run this test binary again with helperEnv set: it then does one
// job instead of running the tests.
const (
	helperEnv = "COINSDK_SQLSTORE_HELPER" // "migrate" or "serve"
	urlEnv    = "COINSDK_SQLSTORE_HELPER_URL"
	addrEnv   = "COINSDK_SQLSTORE_HELPER_ADDR"
)

func TestMain(m *testing.M) {
	// The cut connections of the faults test are expected: keep the
	// driver's log of them out of the test output.
	_ = mysql.SetLogger(log.New(io.Discard, "", 0))
	switch os.Getenv(helperEnv) {
	case "":
		code := m.Run()
		sandboxproc.Cleanup()
		os.Exit(code)
	case "migrate":
		s, err := sqlstore.Open(context.Background(), os.Getenv(urlEnv))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = s.Close()
		os.Exit(0)
	case "serve":
		os.Exit(serve())
	}
	fmt.Fprintln(os.Stderr, "unknown", helperEnv)
	os.Exit(2)
}

// serve is a merchant: webhooks.Handler on sqlstore, crediting orders in
// the delivery's transaction, on addrEnv, until it is killed.
func serve() int {
	s, err := sqlstore.Open(context.Background(), os.Getenv(urlEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	ln, err := net.Listen("tcp", os.Getenv(addrEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	h := webhooks.NewHandler(storetest.Verifier(), s, storetest.Credit(s.Dialect().Bind, nil))
	fmt.Println("ready", ln.Addr())
	_ = http.Serve(ln, h)
	return 1
}

// helper returns the command that runs this test binary as a helper.
func helper(t *testing.T, mode, url, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode, urlEnv+"="+url, addrEnv+"="+addr)
	cmd.Stderr = os.Stderr
	return cmd
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}
