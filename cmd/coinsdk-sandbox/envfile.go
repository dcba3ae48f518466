package main

import (
	"os"
	"path/filepath"
	"strings"
)

// envFile is the env file's text: export lines that point every example at
// the server (COINSDK_SANDBOX_URL, then each provider's variables).
func (a *app) envFile() string {
	var b strings.Builder
	b.WriteString("# coinsdk-sandbox: SANDBOX credentials for the server at " + a.root + ", not a provider account's.\n")
	b.WriteString("# . this file, then e.g. go run ./examples/cryptopay (its live mode, against this server)\n")
	b.WriteString("export COINSDK_SANDBOX_URL=" + shellQuote(a.root) + "\n")
	for _, p := range a.providers {
		for _, v := range p.env(p.current()) {
			b.WriteString("export " + v.Name + "=" + shellQuote(v.Value) + "\n")
		}
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell: inside single quotes, each single
// quote closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeEnvFile writes the env file readable by its owner only (it holds
// credentials), through a temporary file and a rename, so that a reader
// never sees half of it.
func writeEnvFile(path, text string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".coinsdk-sandbox-env-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(text); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
