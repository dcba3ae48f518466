package cryptochilltest

import (
	"fmt"
	"net/url"
)

// profile decides which wallet receives payments and where callbacks go.
type profile struct {
	id, name    string
	callbackURL string
	currencies  []profileCurrency
}

// profileCurrency is one enabled kind of a profile.
type profileCurrency struct {
	kind, walletID string
}

// profileView is the JSON shape of a profile.
type profileView struct {
	ID          string                `json:"id"`
	Name        string                `json:"name"`
	CallbackURL *string               `json:"callback_url"`
	Currencies  []profileCurrencyView `json:"currencies"`
}

// profileCurrencyView is one entry of a profile's currencies.
type profileCurrencyView struct {
	Kind     string `json:"kind"`
	Network  string `json:"network"`
	WalletID string `json:"wallet_id"`
}

// view renders p; the caller holds s.mu.
func (p *profile) view() profileView {
	v := profileView{ID: p.id, Name: p.name, Currencies: []profileCurrencyView{}}
	if p.callbackURL != "" {
		u := p.callbackURL
		v.CallbackURL = &u
	}
	for _, c := range p.currencies {
		v.Currencies = append(v.Currencies, profileCurrencyView{Kind: c.kind, Network: "testnet", WalletID: c.walletID})
	}
	return v
}

// listProfiles answers GET /v1/profiles/ (not paginated, as documented).
func (s *Server) listProfiles(_ *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]profileView, 0, len(s.st.profiles))
	for _, p := range s.st.profiles {
		out = append(out, p.view())
	}
	return resultReply(out)
}

// getProfile answers GET /v1/profiles/<ID>/.
func (s *Server) getProfile(q *apiRequest) reply {
	return getByID(s, func() *profile { return lookup(s.st.profiles, q.id) }, (*profile).view)
}

// SetProfileCallbackURL sets the callback_url of any profile (as done in the dashboard). An
// empty url clears it; otherwise it must be an absolute http or https URL.
func (s *Server) SetProfileCallbackURL(profileID, callbackURL string) error {
	if callbackURL != "" {
		u, err := url.Parse(callbackURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%w: callback URL must be an absolute http(s) URL", ErrInvalidArgument)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := lookup(s.st.profiles, profileID)
	if p == nil {
		return fmt.Errorf("%w: profile %q", ErrNotFound, profileID)
	}
	p.callbackURL = callbackURL
	return nil
}

// accountView is the JSON shape of GET /v1/account/settings/.
type accountView struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	IsTestnet bool   `json:"is_testnet"`
	URL       string `json:"url"`
}

// getAccount answers GET /v1/account/settings/. The sandbox is always a testnet account.
func (s *Server) getAccount(_ *apiRequest) reply {
	return resultReply(accountView{
		ID:        s.st.accountID, // set once in seed, never written again
		Name:      "Sandbox Account (Testnet)",
		IsTestnet: true,
		URL:       "https://cryptochill.com/app/sandbox-account-testnet/",
	})
}
