package sandboxkit

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// Reply is a finished answer: a provider builds one instead of writing
// piecemeal when it wants to hand it to the kit (FaultReply) or keep it.
type Reply struct {
	// Status is the HTTP status; 0 means 200.
	Status int
	// Header is sent as given (Content-Type included).
	Header http.Header
	// Body is the exact bytes of the answer.
	Body []byte
}

// JSON encodes v as the body of a Reply with the given status and
// Content-Type application/json. A value that cannot be encoded (a bug in
// the sandbox) answers 500 rather than crashing the test process.
func JSON(status int, v any) Reply {
	b, err := json.Marshal(v)
	if err != nil {
		return Reply{Status: http.StatusInternalServerError, Body: []byte(`{"error":"sandbox: encoding the response failed"}`),
			Header: http.Header{"Content-Type": {"application/json"}}}
	}
	return Reply{Status: status, Body: b, Header: http.Header{"Content-Type": {"application/json"}}}
}

// Write sends rep to w. A zero Status means 200. Write errors mean the
// client left, which is its business.
func (rep Reply) Write(w http.ResponseWriter) {
	for k, vs := range rep.Header {
		w.Header()[k] = append([]string(nil), vs...)
	}
	status := rep.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write(rep.Body)
}

// RandomHex returns 2n lowercase hex characters from crypto/rand.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails since Go 1.24
	return hex.EncodeToString(b)
}

// Credential returns given, or when it is empty prefix followed by 2n random
// hex characters: the sandboxes' generated keys and secrets.
func Credential(given, prefix string, n int) string {
	if given != "" {
		return given
	}
	return prefix + RandomHex(n)
}
