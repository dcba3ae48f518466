package alpha

func errorsHelper() {}
