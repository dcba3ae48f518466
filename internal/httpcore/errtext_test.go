package httpcore

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJSONText(t *testing.T) {
	for raw, want := range map[string]string{
		``: "", ` null `: "", `"a b"`: "a b", `["x","y"]`: "x; y", `{"k":1}`: `{"k":1}`, `12`: "12",
	} {
		assert.Equal(t, want, JSONText([]byte(raw)), "%q", raw)
	}
}

func TestTextMessageAndTruncate(t *testing.T) {
	assert.Equal(t, "a b c", TextMessage(" a\n\tb  c "))
	assert.Equal(t, "ab…", Truncate("abc", 2))
	assert.Equal(t, "abc", Truncate("abc", 3))
	assert.Equal(t, "a…", Truncate("aé", 2), "never cuts inside a rune")
	assert.Len(t, TextMessage(strings.Repeat("x", 400)), MaxMessage+len("…"))
}
