package alpha

// SignTestWebhook signs a body as the provider would.
func SignTestWebhook(secret string, body []byte) (signed []byte, header http.Header, err error) {
	return nil, nil, nil
}
