package providertest

import "github.com/coinsdk/coinsdk/payments"

// StatusMeaning is what a provider's status means to a merchant: the
// normalized status, and whether it is a success and terminal. A provider's
// status test writes the documented meaning of each status with InProgress
// and Final and compares it with Meanings of its table.
type StatusMeaning struct {
	// Status is the normalized status.
	Status payments.Status
	// Success is payments.Status.IsSuccess: the money arrived or was
	// delivered.
	Success bool
	// Terminal is payments.Status.IsTerminal: a final state.
	Terminal bool
}

// InProgress is the meaning of a status that is neither a success nor
// terminal.
func InProgress(s payments.Status) StatusMeaning { return StatusMeaning{s, false, false} }

// Final is the meaning of a terminal status, a success when ok.
func Final(s payments.Status, ok bool) StatusMeaning { return StatusMeaning{s, ok, true} }

// Meanings is what each status of a provider's table means, as payments
// says (IsSuccess, IsTerminal of the normalized status).
func Meanings(table map[string]payments.Status) map[string]StatusMeaning {
	out := make(map[string]StatusMeaning, len(table))
	for status, s := range table {
		out[status] = StatusMeaning{s, s.IsSuccess(), s.IsTerminal()}
	}
	return out
}
