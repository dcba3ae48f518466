// Package httpcore is the HTTP machinery every provider package shares: one
// request runs through attempts, each freshly built and signed (after the
// retry decision, as aws-sdk-go-v2 signs after its retry step, so a retry
// gets a fresh nonce and the same body), with bounded, jittered, context-aware
// retries; error bodies are read through a cap and decoded by a provider hook;
// and a call that moves money is never retried unless it carries its dedupe
// reference, and never reported as a plain failure when its outcome is unknown.
package httpcore
