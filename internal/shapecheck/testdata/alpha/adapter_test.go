package alpha_test

func TestNewAdapterNilClient(t *testing.T) {
	paymentstest.NilClient(t, alpha.ProviderName, func() (*alpha.Adapter, error) { return alpha.NewAdapter(nil, alpha.AdapterOptions{}) })
}
