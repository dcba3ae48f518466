// Package apicall is the one request path every provider package uses, as
// go-github has one NewRequest/Do: a provider describes a call (a [Call]:
// method, path, query, body, the reference it carries, whether it is safe
// to repeat) and configures once, per client, how its calls are encoded and
// signed, how its answers are enveloped and how one model is decoded (a
// [Pipeline]). [Object] and [List] do the rest: encode the body once, sign
// every attempt afresh (httpcore sends, retries and classifies), unwrap the
// envelope, decode each object exactly once into its typed model and keep
// its bytes as the model's Raw exactly once.
//
// [Create] is the one settlement primitive: a create that carries a
// reference is checked against what was asked, and one that failed with an
// unknown outcome or a "reference taken" answer is settled by looking the
// object up by its reference. Every provider that can look an object up by
// reference settles through it (payments capabilities say which).
//
// Why a separate package and not more of httpcore: httpcore is the
// transport (one attempt, retries, the classification of an answer); this
// package is the provider-facing vocabulary of a call, and it is generic
// over the provider's models, which httpcore never sees.
package apicall
