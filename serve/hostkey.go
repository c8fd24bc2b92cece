package serve

// The server's host key: made on first start and kept, so that a learner
// who connects again meets the same server, and the teacher can show its
// fingerprint on the projector for the room to compare.

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyName is the host key's file in the server's directory.
const HostKeyName = "ssh_host_ed25519_key"

// LoadOrMakeHostKey reads the host key in dir, or makes one there (mode
// 0600) when there is none.
func LoadOrMakeHostKey(dir string) (gossh.Signer, error) {
	path := filepath.Join(dir, HostKeyName)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = makeHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, nil
}

func makeHostKey(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "burk serve")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	// O_EXCL: two servers starting at once must not each write a key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, err
	}
	return data, f.Close()
}

// Fingerprint is the key's SHA256 fingerprint, as ssh prints it.
func Fingerprint(s gossh.Signer) string { return gossh.FingerprintSHA256(s.PublicKey()) }
