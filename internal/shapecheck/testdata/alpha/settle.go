package alpha

func settleHelper() {}
