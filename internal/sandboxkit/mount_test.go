package sandboxkit_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMountServesThroughCallerOnly(t *testing.T) {
	k, own, work := start(t, sandboxkit.Config{Name: "kittest"})
	outer := httptest.NewServer(http.StripPrefix("/p", k))
	defer outer.Close()
	assert.Equal(t, outer.URL+"/p", sandboxkit.Mount(k, outer.URL+"/p/"), "the public URL, without its trailing slash")

	_, err := http.Get(own + "/v1/things")
	require.Error(t, err, "the kit's own listener is closed")
	resp, err := http.Get(outer.URL + "/p/v1/things")
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.EqualValues(t, 1, work.Load())
	reqs := k.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, "/v1/things", reqs[0].Path, "the provider sees its own path")
	assert.Equal(t, "kittest{URL: "+outer.URL+"/p}", fmt.Sprint(k), "printed at its public URL")
}

func TestViewOf(t *testing.T) {
	assert.JSONEq(t, `{"amount":"1.50"}`, string(sandboxkit.ViewOf(map[string]string{"amount": "1.50"})))
	assert.Equal(t, "null", string(sandboxkit.ViewOf(func() {})), "an unencodable view is null, not a panic")
}
