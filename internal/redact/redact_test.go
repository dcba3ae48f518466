package redact

import (
	"fmt"
	"testing"
)

type cfg struct{ key, secret string }

func (c cfg) Format(f fmt.State, _ rune) {
	Format(f, "cfg", "key", Key(c.key), "secret", Mask(c.secret))
}

func TestFormat(t *testing.T) {
	c := cfg{"live_key_1234567890abcd", "s3cr3t"}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if got := fmt.Sprintf(verb, c); got != "cfg{key: …abcd, secret: [redacted]}" {
			t.Errorf("%s: %s", verb, got)
		}
	}
	if Key("short") != "[redacted]" || Mask("") != "" {
		t.Error("short keys must be masked whole; empty stays empty")
	}
}
