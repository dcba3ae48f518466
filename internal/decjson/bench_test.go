package decjson

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// BenchmarkElements finds the elements of a 25-invoice page: the cost of
// keeping each object's Raw as a slice of the body.
func BenchmarkElements(b *testing.B) {
	one, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cryptochill", "invoice.json"))
	require.NoError(b, err)
	items := make([]string, 25)
	for i := range items {
		items[i] = string(one)
	}
	page := []byte("[" + strings.Join(items, ",") + "]")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := Elements(page, func([]byte) error { n++; return nil }); err != nil || n != 25 { // plain: testify would be timed
			b.Fatal(err)
		}
	}
}
