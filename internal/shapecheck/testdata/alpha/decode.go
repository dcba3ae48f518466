package alpha

func decodeHelper() {}
