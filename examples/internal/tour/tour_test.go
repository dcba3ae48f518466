package tour

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInboxKeepsEachKeyOnceAndRefusesWith401(t *testing.T) {
	t.Parallel()
	parse := func(r *http.Request) (string, error) {
		b, err := ReadBody(r)
		if strings.HasPrefix(string(b), "bad") {
			return "", errors.New("forged")
		}
		return string(b), err
	}
	in := NewInbox(parse, func(s string) string { return s })
	defer in.Close()
	post := func(body string) int {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, in.URL(), strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	_, err := in.TakeSome()
	require.EqualError(t, err, "no callback arrived")
	assert.Equal(t, 200, post("a"))
	assert.Equal(t, 200, post("a"))
	assert.Equal(t, 200, post("b"))
	assert.Equal(t, 401, post("bad"))
	got, err := in.Take()
	assert.Equal(t, []string{"a", "b"}, got)
	require.EqualError(t, err, "forged")
	got, err = in.Take()
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = in.After(func() error { post("c"); return nil })
	require.NoError(t, err)
	assert.Equal(t, []string{"c"}, got)
	_, err = in.After(func() error { return errors.New("sandbox down") })
	require.EqualError(t, err, "sandbox down")
}

func TestOrAndShorten(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "d", Or("", "d"))
	assert.Equal(t, "v", Or("v", "d"))
	assert.Equal(t, "short", Shorten("short"))
	assert.Equal(t, "01234567…abcdef", Shorten("0123456789xyzabcdef"))
}
