package httpcore

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
)

// findString walks v (pointers, structs with unexported fields, slices,
// maps, interfaces) and returns the path of the first string containing
// needle, or "".
func findString(v reflect.Value, needle, path string, seen map[uintptr]bool) string {
	switch v.Kind() {
	case reflect.String:
		if strings.Contains(v.String(), needle) {
			return path
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ""
		}
		if v.Type() == reflect.TypeFor[*http.Client]() {
			return "" // the caller's (or the shared default) client: live connections
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return ""
			}
			seen[v.Pointer()] = true
		}
		return findString(v.Elem(), needle, path, seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if p := findString(v.Field(i), needle, path+"."+v.Type().Field(i).Name, seen); p != "" {
				return p
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			if strings.Contains(string(v.Bytes()), needle) {
				return path
			}
			return ""
		}
		for i := range v.Len() {
			if p := findString(v.Index(i), needle, path+"[]", seen); p != "" {
				return p
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			if p := findString(it.Value(), needle, path+"{}", seen); p != "" {
				return p
			}
		}
	}
	return ""
}

// A base URL's userinfo never stays in anything the Client keeps in plain
// form (a URL, a string, a settings copy): it becomes the Basic
// Authorization header, held as a redact.Secret, and requests carry it the
// way net/http would have sent it.
func TestBaseURLUserinfoBecomesBasicAuth(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		mu.Lock()
		got = append(got, r.Header.Get("Authorization"))
		mu.Unlock()
		assert.True(t, ok)
		assert.Equal(t, "merchant", u)
		assert.Equal(t, "SECRET pw/é", p)
		assert.Nil(t, r.URL.User)
		_, _ = w.Write([]byte(`{}`))
	})
	base := strings.Replace(srv.URL, "http://", "http://merchant:SECRET%20pw%2F%C3%A9@", 1) + "/api"
	c, err := New(Config{Settings: option.Settings{BaseURL: base}, Provider: "p"})
	require.NoError(t, err)

	assert.Nil(t, c.base.User, "the stored base URL keeps no userinfo")
	for _, needle := range []string{"SECRET", "SECRET%20pw", "merchant:"} {
		assert.Empty(t, findString(reflect.ValueOf(c), needle, "Client", map[uintptr]bool{}), "plain copy of %q", needle)
	}
	assert.NotContains(t, c.BaseURL(), "merchant")

	_, err = c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x"})
	require.NoError(t, err)
	// The request's own Authorization (a provider's scheme) wins, as with net/http.
	_, err = c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x",
		Sign: func(r *http.Request) error { r.SetBasicAuth("merchant", "SECRET pw/é"); return nil }})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Method: http.MethodGet, Path: "/x",
		Header: http.Header{"Authorization": {"Basic bWVyY2hhbnQ6U0VDUkVUIHB3L8Op"}}})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, 3)
	assert.Equal(t, got[0], got[1])
}
