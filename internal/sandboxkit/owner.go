package sandboxkit

import "sync"

// owners lets coinsdk's own tools (cmd/coinsdk-sandbox sets a sandbox's
// retry schedule and delivery hook) reach the kit that a provider's Server
// keeps in an unexported field, without an exported accessor on every
// Server: owner (a provider's *Server) → its *Kit, until the kit is closed.
var owners sync.Map

// Own records that owner holds k, until k is closed.
func Own(owner any, k *Kit) { owners.Store(owner, k) }

// Of is the kit owner holds (nil when none, or once it is closed).
func Of(owner any) *Kit {
	if k, ok := owners.Load(owner); ok {
		return k.(*Kit)
	}
	return nil
}

// disown forgets every owner of k.
func disown(k *Kit) {
	owners.Range(func(owner, v any) bool {
		if v == k {
			owners.Delete(owner)
		}
		return true
	})
}
