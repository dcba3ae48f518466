package sqlstore_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/sandboxproc"
	"github.com/stretchr/testify/require"
)

// sandboxServer is the standalone sandbox server (cmd/coinsdk-sandbox,
// built once per run and started as its own process): the five providers'
// sandboxes behind one port, with the control API at /_sandbox/.
type sandboxServer struct {
	*sandboxproc.Server
}

// startSandbox starts the standalone sandbox for the test; it ends with it.
func startSandbox(t *testing.T) *sandboxServer {
	t.Helper()
	return &sandboxServer{sandboxproc.Start(t, sandboxproc.Binary(t))}
}

// via is the provider's base URL with its host replaced by proxy's (the
// path, e.g. /cryptoprocessing/api/v2, is kept): the child sends there.
func (s *sandboxServer) via(t *testing.T, provider, proxy string) string {
	t.Helper()
	u, err := url.Parse(s.Base(provider))
	require.NoError(t, err)
	return strings.TrimSuffix(proxy, "/") + u.Path
}

// sandboxPayout is one payout as GET /_sandbox/{p}/payouts lists it.
type sandboxPayout struct {
	ID   string          `json:"id"`
	View json.RawMessage `json:"view"`
}

// made counts the payouts the server holds for each of refs, by the
// merchant's reference read from the provider's own view of each payout
// (rig's reference), and their sum: what the sandbox made, whatever the
// SDK believes.
func (s *sandboxServer) made(t *testing.T, r *rig, refs []string) (map[string]int, int) {
	t.Helper()
	var list []sandboxPayout
	s.Get(t, "/_sandbox/"+r.name+"/payouts", &list)
	all := map[string]int{}
	for _, p := range list {
		ref, err := r.reference(p.View)
		require.NoError(t, err, "%s payout %s: %s", r.name, p.ID, p.View)
		all[ref]++
	}
	per, total := map[string]int{}, 0
	for _, ref := range refs {
		per[ref] = all[ref]
		total += all[ref]
	}
	return per, total
}
