package payouts

import (
	"context"
	"sync"

	"github.com/coinsdk/coinsdk/payments"
)

// BatchRecorder is a Journal that writes many made payouts in one round
// trip. The Sender's group commit uses it when the journal has it (the SQL
// journal and MemoryJournal do); otherwise it calls Record once per payout.
type BatchRecorder interface {
	// RecordDone writes each update (State done, From "": any entry not
	// already done) in one statement, and returns an error only when the
	// write as a whole failed.
	RecordDone(ctx context.Context, us []Update) error
}

// maxBatch caps the payouts written by one group-commit statement (it
// bounds the statement's placeholders on every database).
const maxBatch = 100

// groupCommit writes made payouts' outcomes behind Send's return: Send
// hands the outcome over and returns, and one writer at a time writes
// everything handed over since its last write in one statement (a group
// commit: under load many payouts share a round trip; alone, a payout's
// outcome is written at once, off the caller's path).
//
// Why this is safe: the intent was committed before the request, so an
// outcome the process dies before writing leaves an open entry whose lease
// ends, and Resolve settles it with the provider (a repeat under the same
// reference, or a lookup) without paying again. It is used only where the
// provider can do that (RecoveryFor is not RecoverByPerson): on the gateway
// the journal is the only record of a made withdrawal, so its outcome is
// written before Send returns.
type groupCommit struct {
	j       Journal
	mu      sync.Mutex
	queue   []Update
	made    map[string]Entry // reference → made, handed over, not yet written
	writing bool
	idle    *sync.Cond
	err     error // the first failed write since the last Flush
}

func newGroupCommit(j Journal) *groupCommit {
	g := &groupCommit{j: j, made: map[string]Entry{}}
	g.idle = sync.NewCond(&g.mu)
	return g
}

// add hands a made payout's outcome over (e is its entry as it will be
// written) and starts a writer if none runs.
func (g *groupCommit) add(e Entry, u Update) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.made[u.Reference] = e
	g.queue = append(g.queue, u)
	if !g.writing {
		g.writing = true
		go g.write()
	}
}

// lookup returns the entry of a payout made and handed over but not yet
// written, so that Send in this process answers it without the journal.
func (g *groupCommit) lookup(reference string) (Entry, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	e, ok := g.made[reference]
	return e, ok
}

// write writes what was handed over, batch by batch, until nothing is left.
func (g *groupCommit) write() {
	for {
		g.mu.Lock()
		if len(g.queue) == 0 {
			g.writing = false
			g.idle.Broadcast()
			g.mu.Unlock()
			return
		}
		n := min(len(g.queue), maxBatch)
		batch := g.queue[:n:n]
		g.queue = g.queue[n:]
		if len(g.queue) == 0 {
			g.queue = nil
		}
		g.mu.Unlock()

		err := g.writeBatch(batch)

		g.mu.Lock()
		for _, u := range batch {
			// Written or not, this process stops answering for it: the
			// journal (or, after a failed write, Resolve) is the truth now.
			delete(g.made, u.Reference)
		}
		if err != nil && g.err == nil {
			g.err = err
		}
		g.mu.Unlock()
	}
}

// writeBatch writes one batch under its own timeout (the caller that made
// the payouts may be long gone), retried like Sender.record.
func (g *groupCommit) writeBatch(batch []Update) error {
	return persist(context.Background(), func(ctx context.Context) error {
		if br, ok := g.j.(BatchRecorder); ok {
			return br.RecordDone(ctx, batch)
		}
		var err error
		for _, u := range batch {
			if _, e := g.j.Record(ctx, u); e != nil {
				err = e
			}
		}
		return err
	})
}

// flush waits until everything handed over is written (or ctx ends) and
// returns the first write error since the last flush.
func (g *groupCommit) flush(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() {
		g.mu.Lock()
		g.idle.Broadcast()
		g.mu.Unlock()
	})
	defer stop()
	g.mu.Lock()
	defer g.mu.Unlock()
	for g.writing && ctx.Err() == nil {
		g.idle.Wait()
	}
	if g.writing {
		return ctx.Err()
	}
	err := g.err
	g.err = nil
	return err
}

// Flush waits until every outcome Send has handed to the group commit is
// written to the journal, and returns the first write that failed since the
// last Flush (those payouts were made; their entries stay open and Resolve
// records them). Call it before the process exits (graceful shutdown), and
// before reading the journal for a payout Send just returned. A process that
// dies first loses nothing but the shortcut: Resolve settles its open
// entries with the provider, without paying again.
func (s *Sender) Flush(ctx context.Context) error {
	if ctx == nil {
		return &payments.ValidationError{Field: "ctx", Reason: "is required"}
	}
	if s.gc == nil {
		return nil
	}
	return s.gc.flush(ctx)
}
