package providertest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"
)

// Fixture reads testdata/<provider>/<name> from the module root, for a test
// running in a provider package directory one level below it.
func Fixture(t testing.TB, provider, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", provider, name))
	require.NoError(t, err)
	return string(b)
}

// DecodeJSON decodes a JSON object keeping numbers exact (json.Number, never
// binary floating point).
func DecodeJSON(t testing.TB, b []byte) map[string]any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	require.NoError(t, dec.Decode(&m), "not a JSON object (%s)", b)
	return m
}

// JSONResponse is an httpmock response with status, body and a JSON
// Content-Type.
func JSONResponse(status int, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}
