package gateway

// FloorTrimKeys is the benchmarks' floor for reading the documentation's
// stray-space keys (" custom1 "): the plain byte loop a hand-written client
// would write (trimKeysByteLoop, the reference FuzzTrimKeys holds trimKeys
// to), so that the floor reads every field the SDK reads.
func FloorTrimKeys(b []byte) []byte { return trimKeysByteLoop(b) }
