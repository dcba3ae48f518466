package sandboxkit

import "sync"

// owners maps a provider's sandbox (its *Server) to its kit, for the kit's
// functions that tools in this module call on a sandbox (cmd/coinsdk-sandbox:
// Notifications, SetRetrySchedule, SetDeliveryHook): a Server keeps its kit
// in an unexported field, so that `go doc` shows the Server's own methods
// (its kit.go forwards the shared ones) and not an embedded internal type.
var owners sync.Map // owner → *Kit

// Own records that owner (a provider's *Server) runs on k, until k closes.
func Own(owner any, k *Kit) {
	k.mu.Lock()
	k.owner = owner
	k.mu.Unlock()
	owners.Store(owner, k)
}

// Of returns the kit owner runs on (see Own), nil when none or closed.
func Of(owner any) *Kit {
	if k, ok := owners.Load(owner); ok {
		return k.(*Kit)
	}
	return nil
}

// disown forgets k's owner (on Close), so a closed sandbox is not kept.
func (k *Kit) disown() {
	k.mu.Lock()
	owner := k.owner
	k.mu.Unlock()
	if owner != nil {
		owners.CompareAndDelete(owner, k)
	}
}
