package redact

import (
	"fmt"
	"strings"
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

type holder struct {
	name   string
	secret Secret
	inner  *holder
}

func TestSecretNeverPrinted(t *testing.T) {
	h := &holder{name: "outer", secret: NewSecret("hunter2"), inner: &holder{name: "inner", secret: NewSecret("hunter3")}}
	for _, v := range []any{h, *h, h.secret, []Secret{h.secret}, map[string]Secret{"k": h.secret}, struct{ H holder }{*h}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, "hunter") || strings.Contains(out, "68756e746572") {
				t.Errorf("%s of %T shows the secret: %s", verb, v, out)
			}
		}
	}
	if h.secret.Reveal() != "hunter2" || string(h.secret.Bytes()) != "hunter2" || !(Secret{}).IsZero() {
		t.Error("Reveal/Bytes/IsZero")
	}
}
