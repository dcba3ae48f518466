package main

func cryptoprocessingReceiver(key, secret string) receiver {
	return receiver{name: "cryptoprocessing", missing: "CRYPTOPROCESSING_API_KEY and CRYPTOPROCESSING_API_SECRET"}
}
