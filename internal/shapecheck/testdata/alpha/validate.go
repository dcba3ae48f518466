package alpha

func validateHelper() {}
