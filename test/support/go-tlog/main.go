// Command go-tlog answers Merkle-tree and signed-note questions with Go's golang.org/x/mod/sumdb packages
// (tlog, note), so the TypeScript implementation in libs/audit is checked against code we did not write.
//
// It reads one JSON request per line on stdin and writes one JSON answer per line on stdout. Hashes and
// byte strings are standard base64 (Go's encoding of []byte). Built in GOPATH mode against Debian's
// golang-golang-x-mod-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o /tmp/go-tlog ./test/support/go-tlog
package main

import (
	"bufio"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type request struct {
	Kind string `json:"kind"`

	// inclusion: is the leaf hash at index in the tree of size with root? (tlog.CheckRecord)
	LeafHash []byte   `json:"leafHash"`
	Index    int64    `json:"index"`
	Size     int64    `json:"size"`
	Proof    [][]byte `json:"proof"`
	Root     []byte   `json:"root"`

	// consistency: is the tree (from, fromRoot) a prefix of (to, toRoot)? (tlog.CheckTree)
	From     int64  `json:"from"`
	To       int64  `json:"to"`
	FromRoot []byte `json:"fromRoot"`
	ToRoot   []byte `json:"toRoot"`

	// tree: Go's own roots and proofs over these leaves (tlog.StoredHashes, TreeHash, ProveRecord, ProveTree)
	Leaves        [][]byte   `json:"leaves"`
	Inclusions    [][2]int64 `json:"inclusions"`    // [index, size]
	Consistencies [][2]int64 `json:"consistencies"` // [from, to]

	// note: note.Open with these verifier keys
	Note         string   `json:"note"`
	VerifierKeys []string `json:"verifierKeys"`

	// sign: note.Sign with signerKey, or with a key note.GenerateKey makes for name
	Text      string `json:"text"`
	Name      string `json:"name"`
	SignerKey string `json:"signerKey"`

	// vkey: note.NewEd25519VerifierKey(name, publicKey)
	PublicKey []byte `json:"publicKey"`
}

type answer struct {
	OK            bool          `json:"ok"`
	Error         string        `json:"error,omitempty"`
	Roots         []tlog.Hash   `json:"roots,omitempty"`
	Inclusions    [][]tlog.Hash `json:"inclusions,omitempty"`
	Consistencies [][]tlog.Hash `json:"consistencies,omitempty"`
	Text          string        `json:"text,omitempty"`
	VerifiedBy    []string      `json:"verifiedBy,omitempty"`
	Note          string        `json:"note,omitempty"`
	VerifierKey   string        `json:"verifierKey,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 64<<20)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		var ans answer
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			ans = answer{Error: "bad request: " + err.Error()}
		} else {
			ans = handle(req)
		}
		if err := out.Encode(ans); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func handle(req request) answer {
	var ans answer
	var err error
	switch req.Kind {
	case "inclusion":
		err = checkRecord(req)
	case "consistency":
		err = checkTree(req)
	case "tree":
		ans, err = tree(req)
	case "note":
		ans, err = open(req)
	case "sign":
		ans, err = sign(req)
	case "vkey":
		ans.VerifierKey, err = note.NewEd25519VerifierKey(req.Name, ed25519.PublicKey(req.PublicKey))
	default:
		err = fmt.Errorf("unknown kind %q", req.Kind)
	}
	ans.OK = err == nil
	if err != nil {
		ans.Error = err.Error()
	}
	return ans
}

func toHash(b []byte) (tlog.Hash, error) {
	var h tlog.Hash
	if len(b) != tlog.HashSize {
		return h, fmt.Errorf("a hash is %d bytes, not %d", tlog.HashSize, len(b))
	}
	copy(h[:], b)
	return h, nil
}

func toHashes(bs [][]byte) ([]tlog.Hash, error) {
	hs := make([]tlog.Hash, 0, len(bs))
	for _, b := range bs {
		h, err := toHash(b)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// firstError stands in for errors.Join, which Debian's Go (1.19) lacks.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkRecord(req request) error {
	leaf, err1 := toHash(req.LeafHash)
	root, err2 := toHash(req.Root)
	proof, err3 := toHashes(req.Proof)
	if err := firstError(err1, err2, err3); err != nil {
		return err
	}
	return tlog.CheckRecord(proof, req.Size, root, req.Index, leaf)
}

func checkTree(req request) error {
	fromRoot, err1 := toHash(req.FromRoot)
	toRoot, err2 := toHash(req.ToRoot)
	proof, err3 := toHashes(req.Proof)
	if err := firstError(err1, err2, err3); err != nil {
		return err
	}
	return tlog.CheckTree(proof, req.To, toRoot, req.From, fromRoot)
}

func tree(req request) (answer, error) {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		hs := make([]tlog.Hash, len(indexes))
		for i, index := range indexes {
			hs[i] = stored[index]
		}
		return hs, nil
	})
	var ans answer
	for n, data := range req.Leaves {
		hs, err := tlog.StoredHashes(int64(n), data, reader)
		if err != nil {
			return ans, err
		}
		stored = append(stored, hs...)
		root, err := tlog.TreeHash(int64(n+1), reader)
		if err != nil {
			return ans, err
		}
		ans.Roots = append(ans.Roots, root)
	}
	for _, q := range req.Inclusions {
		p, err := tlog.ProveRecord(q[1], q[0], reader)
		if err != nil {
			return ans, err
		}
		ans.Inclusions = append(ans.Inclusions, append([]tlog.Hash{}, p...))
	}
	for _, q := range req.Consistencies {
		p, err := tlog.ProveTree(q[1], q[0], reader)
		if err != nil {
			return ans, err
		}
		ans.Consistencies = append(ans.Consistencies, append([]tlog.Hash{}, p...))
	}
	return ans, nil
}

func open(req request) (answer, error) {
	var verifiers []note.Verifier
	for _, vkey := range req.VerifierKeys {
		v, err := note.NewVerifier(vkey)
		if err != nil {
			return answer{}, fmt.Errorf("verifier key %q: %w", vkey, err)
		}
		verifiers = append(verifiers, v)
	}
	n, err := note.Open([]byte(req.Note), note.VerifierList(verifiers...))
	if err != nil {
		return answer{}, err
	}
	ans := answer{Text: n.Text}
	for _, sig := range n.Sigs {
		ans.VerifiedBy = append(ans.VerifiedBy, sig.Name)
	}
	return ans, nil
}

func sign(req request) (answer, error) {
	skey, vkey := req.SignerKey, ""
	if skey == "" {
		var err error
		if skey, vkey, err = note.GenerateKey(rand.Reader, req.Name); err != nil {
			return answer{}, err
		}
	}
	signer, err := note.NewSigner(skey)
	if err != nil {
		return answer{}, err
	}
	msg, err := note.Sign(&note.Note{Text: req.Text}, signer)
	if err != nil {
		return answer{}, err
	}
	return answer{Note: string(msg), VerifierKey: vkey}, nil
}
