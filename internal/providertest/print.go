package providertest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// PrintVerbs are every verb a program might print a value with, including
// the bad-verb paths (%d, %x) through which fmt prints pointed-to structs by
// reflection.
var PrintVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%T %v", "%p"}

// Reachable returns v and, for a struct or a pointer to one, every exported
// field's value that is a non-nil pointer (a client's services), both as
// pointer and as value.
func Reachable(v any) []any {
	out := []any{v}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		out = append(out, rv.Elem().Interface())
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return out
	}
	for i := range rv.NumField() {
		f := rv.Field(i)
		if !rv.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		out = append(out, f.Interface(), f.Elem().Interface())
	}
	return out
}

// NothingPrints prints every value with every verb of PrintVerbs and checks
// that no marker shows, neither as text nor hex-encoded (in any case). skip,
// when not nil, names the value/verb pairs not to print (it reports true to
// skip them).
func NothingPrints(t testing.TB, values []any, skip func(v any, verb string) bool, markers ...string) {
	t.Helper()
	for _, v := range values {
		for _, verb := range PrintVerbs {
			if skip != nil && skip(v, verb) {
				continue
			}
			out := fmt.Sprintf(verb, v)
			for _, m := range markers {
				assert.NotContains(t, out, m, "%s of %T", verb, v)
				assert.NotContains(t, strings.ToUpper(out), strings.ToUpper(fmt.Sprintf("%x", m)), "%s of %T (hex)", verb, v)
			}
		}
	}
}

// ConfigByValue is the NothingPrints skip for a provider's config type C:
// %p of a non-pointer goes to fmt's bad-verb path before any Format method,
// and a config holds the caller's own credentials in exported fields (no
// client keeps one by value).
func ConfigByValue[C any](v any, verb string) bool {
	_, isConfig := v.(C)
	return isConfig && verb == "%p"
}

// Held returns vs held the ways a program holds its clients, for
// NothingPrints: in a struct's exported field, in a struct's unexported
// field (which fmt prints by reflection, without the values' own methods),
// in a slice and in a map.
func Held(vs ...any) []any {
	m := make(map[int]any, len(vs))
	for i, v := range vs {
		m[i] = v
	}
	return []any{struct{ V []any }{vs}, struct{ v []any }{vs}, vs, m}
}
