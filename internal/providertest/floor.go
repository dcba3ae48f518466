package providertest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// FloorDo is the second half of a benchmark's hand-written floor call (plain
// net/http and encoding/json, no SDK code): it sends req, reads the whole
// answer, refuses a status other than 200 and decodes the body into out.
func FloorDo(hc *http.Client, req *http.Request, out any) error {
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.Unmarshal(body, out)
}
