package redact

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

type cfg struct{ key, secret string }

func (c cfg) Format(f fmt.State, _ rune) {
	Format(f, "cfg", "key", Key(c.key), "secret", Mask(c.secret))
}

func TestFormat(t *testing.T) {
	c := cfg{"live_key_1234567890abcd", "s3cr3t"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.Equal(t, "cfg{key: …abcd, secret: [redacted]}", fmt.Sprintf(verb, c), verb)
	}
	assert.Equal(t, "[redacted]", Key("short"), "short keys are masked whole")
	assert.Empty(t, Mask(""), "empty stays empty")
}

type holder struct {
	name   string
	secret Secret
	inner  *holder
}

func TestSecretNeverPrinted(t *testing.T) {
	h := &holder{name: "outer", secret: NewSecret("hunter2"), inner: &holder{name: "inner", secret: NewSecret("hunter3")}}
	for _, v := range []any{h, *h, h.secret, []Secret{h.secret}, map[string]Secret{"k": h.secret}, struct{ H holder }{*h}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "hunter", "%s of %T", verb, v)
			assert.NotContains(t, out, "68756e746572", "%s of %T (hex)", verb, v)
		}
	}
	assert.Equal(t, "hunter2", h.secret.Reveal())
	assert.Equal(t, []byte("hunter2"), h.secret.Bytes())
	assert.True(t, Secret{}.IsZero())
	assert.False(t, h.secret.IsZero())
}
