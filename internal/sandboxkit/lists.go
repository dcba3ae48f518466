package sandboxkit

// NewestFirst returns the items of a creation-ordered slice (oldest first,
// as a sandbox appends them) that keep says to list, newest first: the
// order providers' list endpoints answer in. A nil keep lists every item.
// The result is never nil, so that an empty list encodes as [].
func NewestFirst[T any](items []T, keep func(T) bool) []T {
	out := make([]T, 0, len(items))
	for i := len(items) - 1; i >= 0; i-- {
		if keep == nil || keep(items[i]) {
			out = append(out, items[i])
		}
	}
	return out
}

// Views renders each item with view, in order: a page of models as the
// provider's JSON shapes. The result is never nil, so that an empty page
// encodes as [].
func Views[T, V any](items []T, view func(T) V) []V {
	out := make([]V, 0, len(items))
	for _, it := range items {
		out = append(out, view(it))
	}
	return out
}
