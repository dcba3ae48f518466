package sandboxkit_test

import (
	"strconv"
	"testing"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/stretchr/testify/assert"
)

func TestNewestFirst(t *testing.T) {
	items := []int{1, 2, 3, 4}
	assert.Equal(t, []int{4, 3, 2, 1}, sandboxkit.NewestFirst(items, nil))
	assert.Equal(t, []int{4, 2}, sandboxkit.NewestFirst(items, func(i int) bool { return i%2 == 0 }))
	assert.Equal(t, []int{1, 2, 3, 4}, items, "the items are not reordered in place")
	assert.NotNil(t, sandboxkit.NewestFirst([]int(nil), nil), "an empty list encodes as []")
}

func TestViews(t *testing.T) {
	assert.Equal(t, []string{"1", "2"}, sandboxkit.Views([]int{1, 2}, strconv.Itoa))
	assert.NotNil(t, sandboxkit.Views([]int(nil), strconv.Itoa), "an empty page encodes as []")
}
