package alpha

func signerHelper() {}
