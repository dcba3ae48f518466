package main

// cryptoprocessingSelfTest returns the CryptoProcessing receiver with demo
// secrets and its cases.
func cryptoprocessingSelfTest() (receiver, []selfCase) {
	return receiver{name: "cryptoprocessing", missing: "x"}, nil
}
