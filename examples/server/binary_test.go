package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pbiconnect/pbiconnect/validate/validatetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBinaryKeepsSecretsOutOfDiskAndLogs builds the real server, runs it on
// SQLite against a fake cloud that accepts a planted unique client secret
// and password, saves them over HTTP, stops the server and then looks for
// them in every file of the data directory and in everything it printed.
//
// The fake cloud runs in the test, not behind -demo, so the test can plant
// its own values; the server reaches it through -authority-host and
// -powerbi-api and trusts its certificate through SSL_CERT_FILE, which is
// how a real deployment behind a private CA works too.
func TestBinaryKeepsSecretsOutOfDiskAndLogs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "server")
	buildCtx, cancelBuild := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancelBuild()
	out, err := exec.CommandContext(buildCtx, goTool, "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	fake := validatetest.NewServer()
	defer fake.Close()
	planted := plantWorld(t, fake)
	data := filepath.Join(dir, "data")
	require.NoError(t, os.Mkdir(data, 0o700))
	token := "tok-" + randomHex(16)
	principals := writeJSON(t, filepath.Join(dir, "principals.json"), []principalEntry{
		{Token: token, User: "alice@acme", Org: "acme", Role: "owner"}})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0",
		"-store", "sqlite:"+filepath.Join(data, "pbiconnect.db"),
		"-authority-host", fake.URL(), "-powerbi-api", fake.URL()+"/powerbi")
	cmd.Env = append(os.Environ(),
		"PBICONNECT_KEYRING="+filepath.Join(data, "pbiconnect.keyring"),
		"PBICONNECT_PRINCIPALS="+principals,
		"SSL_CERT_FILE="+writeCert(t, fake, filepath.Join(dir, "ca.pem")),
		"SSL_CERT_DIR="+dir)
	var stdout lockedBuffer
	cmd.Stdout = &stdout
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	logs, base := watchLog(t, stderr)

	api := base + "v1/orgs/acme/integrations/powerbi"
	wrong := maps.Clone(planted.settings)
	wrong["clientSecret"] = "wrong-" + planted.secret
	status, body := call(t, ctx, http.MethodPut, api, token, wrong)
	assert.Equal(t, http.StatusUnprocessableEntity, status, "wrong secret: %s", body)
	status, body = call(t, ctx, http.MethodPut, api, token, planted.settings)
	require.Equal(t, http.StatusCreated, status, "save: %s", body)
	status, body = call(t, ctx, http.MethodGet, api, token, nil)
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"clientSecretSet":true`)

	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, cmd.Wait(), "clean exit on SIGTERM")
	printed := stdout.String() + logs()
	assert.Contains(t, printed, "shutting down", "the server logged its shutdown")

	disk := readAll(t, data)
	assert.Contains(t, string(disk), planted.settings["username"], "the record reached the disk")
	for name, secret := range map[string]string{"client secret": planted.secret,
		"password": planted.password, "rejected secret": wrong["clientSecret"]} {
		for enc, form := range encodings(secret) {
			// Contains, not NotContains: a failure must not print the secret.
			assert.False(t, bytes.Contains(disk, []byte(form)), "%s (%s) in the data files", name, enc)
			assert.False(t, strings.Contains(printed, form), "%s (%s) in the server output", name, enc)
		}
	}
}

// planted holds the settings the fake cloud accepts and their two secrets.
type plantedWorld struct {
	settings         map[string]string
	secret, password string
}

// plantWorld registers a tenant, an app whose secret is a fresh unique
// value, a master user with a fresh unique password and a shared workspace.
func plantWorld(t *testing.T, fake *validatetest.Server) plantedWorld {
	t.Helper()
	secret, password := "planted-secret-"+randomHex(16), "Planted-pass-"+randomHex(16)
	domain := "acme-" + randomHex(4) + ".onmicrosoft.com"
	tenant := fake.AddTenant(validatetest.Tenant{Domains: []string{domain}})
	client := fake.AddApp(validatetest.App{TenantID: tenant, PublicClient: true,
		Secrets: []validatetest.AppSecret{{ID: "id-" + randomHex(4), Value: secret}}})
	user := "bi.master@" + domain
	fake.AddUser(validatetest.User{TenantID: tenant, UPN: user, Password: password})
	ws := fake.AddWorkspace(validatetest.Workspace{Name: "Planted", Members: []string{client, user}})
	return plantedWorld{secret: secret, password: password, settings: map[string]string{
		"tenantId": tenant, "clientId": client, "clientSecret": secret,
		"workspaceId": ws, "username": user, "password": password}}
}

// writeCert saves the fake cloud's certificate as PEM at path. It reads the
// certificate from a handshake that the fake's own client verifies.
func writeCert(t *testing.T, fake *validatetest.Server, path string) string {
	t.Helper()
	host := strings.TrimPrefix(fake.URL(), "https://")
	conf := fake.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	conn, err := tls.Dial("tcp", host, conf)
	require.NoError(t, err)
	defer conn.Close()
	cert := conn.ConnectionState().PeerCertificates[0]
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	require.NoError(t, os.WriteFile(path, pemBytes, 0o600))
	return path
}

// watchLog copies the server's log into memory and returns a reader of it
// and the page URL from the startup line.
func watchLog(t *testing.T, r io.Reader) (func() string, string) {
	t.Helper()
	var buf lockedBuffer
	started := make(chan string, 1)
	urlRE := regexp.MustCompile(`url=(http://\S+/)`)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			buf.WriteString(line + "\n")
			if m := urlRE.FindStringSubmatch(line); m != nil && strings.Contains(line, "started") {
				started <- m[1]
			}
		}
		close(started)
	}()
	select {
	case base, ok := <-started:
		require.True(t, ok, "server exited before it started:\n%s", buf.String())
		return buf.String, base
	case <-time.After(15 * time.Second):
		t.Fatalf("server did not start:\n%s", buf.String())
	}
	return nil, ""
}

// call sends one JSON request with the bearer token.
func call(t *testing.T, ctx context.Context, method, url, token string, body any) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

// encodings are the forms in which a leaked secret would most likely show.
func encodings(s string) map[string]string {
	return map[string]string{
		"plain":  s,
		"base64": base64.StdEncoding.EncodeToString([]byte(s)),
		"hex":    hex.EncodeToString([]byte(s)),
	}
}

// readAll concatenates every file under dir: the database, its -wal and
// -shm files and the keyring.
func readAll(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		all = append(all, b...)
	}
	return all
}

func writeJSON(t *testing.T, path string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return path
}

// lockedBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) WriteString(s string) {
	_, _ = b.Write([]byte(s))
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
