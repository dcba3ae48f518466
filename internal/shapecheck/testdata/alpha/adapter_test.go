package alpha_test

func TestNewAdapterNilClient(t *testing.T) {
	paymentstest.NilClient(t, alpha.ProviderName, func() payments.Adapter { return alpha.NewAdapter(nil, alpha.AdapterOptions{}) })
}
