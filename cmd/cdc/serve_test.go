package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/vocab"
)

// These tests drive cdc serve with the real OpenSSH client, each session in a terminal
// of 80x24, and check the database afterwards.

func needOpenSSH(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ssh", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("the SSH server tests need %s from OpenSSH (Debian: apt-get install openssh-client): %v", tool, err)
		}
	}
}

// syncBuffer collects a client's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveEnv is a database with users and a running cdc serve.
type serveEnv struct {
	*cliEnv
	dir    string
	port   string
	out    *syncBuffer
	done   chan struct{} // closed when cdc serve has returned
	err    error
	cancel context.CancelFunc
}

func newServeEnv(t *testing.T) *serveEnv {
	t.Helper()
	needOpenSSH(t)
	e := &serveEnv{cliEnv: newCLI(t), dir: t.TempDir()}
	e.db = filepath.Join(e.dir, "data", "cdc.db")
	return e
}

// key makes an OpenSSH key pair and returns the private key's path.
func (e *serveEnv) key(name string) string {
	e.t.Helper()
	path := filepath.Join(e.dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name+"@test", "-f", path).CombinedOutput(); err != nil {
		e.t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return path
}

// user adds a user with a fresh key and returns the key's path.
func (e *serveEnv) user(name, role string, orgs ...string) string {
	e.t.Helper()
	key := e.key(name)
	args := []string{"user", "add", name, "--key", key + ".pub", "--role", role}
	for _, o := range orgs {
		args = append(args, "--org", o)
	}
	e.ok(args...)
	return key
}

// start runs cdc serve on an ephemeral loopback port.
func (e *serveEnv) start(flags ...string) {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	e.out, e.done, e.cancel = &syncBuffer{}, make(chan struct{}), cancel
	root := newRootCmd(e.out, e.out)
	root.SetArgs(append([]string{"--db", e.db, "serve", "--listen", "127.0.0.1:0"}, flags...))
	go func() {
		e.err = root.ExecuteContext(ctx)
		close(e.done)
	}()
	re := regexp.MustCompile(`on 127\.0\.0\.1:(\d+) `)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(e.out.String()); m != nil {
			e.port = m[1]
			e.t.Cleanup(func() {
				e.cancel()
				select {
				case <-e.done:
				case <-time.After(stopWait + 5*time.Second):
				}
			})
			return
		}
		select {
		case <-e.done:
			e.t.Fatalf("cdc serve ended: %v\n%s", e.err, e.out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	e.t.Fatalf("cdc serve did not start:\n%s", e.out.String())
}

func (e *serveEnv) sshArgs(key string, extra ...string) []string {
	args := []string{"-F", "/dev/null", "-p", e.port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}
	return append(append(args, extra...), "127.0.0.1")
}

// sshClient is one interactive ssh session in its own 80x24 terminal.
type sshClient struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	out  syncBuffer
	done chan error
	mark int // waitFor looks at what came after the last key press
}

func (e *serveEnv) dial(key string, env ...string) *sshClient {
	e.t.Helper()
	var extra []string
	for _, v := range env {
		extra = append(extra, "-o", "SetEnv="+v)
	}
	cmd := exec.Command("ssh", append([]string{"-tt"}, e.sshArgs(key, extra...)...)...)
	cmd.Env = append(os.Environ(), "HOME="+e.dir, "TERM=xterm-256color")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		e.t.Fatal(err)
	}
	c := &sshClient{t: e.t, cmd: cmd, tty: tty, done: make(chan error, 1)}
	go func() {
		io.Copy(&c.out, tty)
		c.done <- cmd.Wait()
	}()
	e.t.Cleanup(func() {
		cmd.Process.Kill()
		tty.Close()
	})
	return c
}

// screen is everything the client printed, without escape sequences.
func (c *sshClient) screen() string { return ansi.Strip(c.out.String()) }

// since is what the client printed after the last key press, without escape sequences.
func (c *sshClient) since() string {
	s := c.out.String()
	return ansi.Strip(s[min(c.mark, len(s)):])
}

func (c *sshClient) waitFor(text string, d time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if strings.Contains(c.since(), text) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.t.Fatalf("the session never showed %q; after the last key it showed:\n%s", text, tail(c.since(), 2000))
}

func (c *sshClient) send(keys ...string) {
	c.t.Helper()
	c.mark = len(c.out.String())
	for _, k := range keys {
		if _, err := c.tty.Write([]byte(k)); err != nil {
			c.t.Fatalf("typing %q: %v", k, err)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// exit waits for ssh to end and returns its error.
func (c *sshClient) exit(d time.Duration) error {
	c.t.Helper()
	select {
	case err := <-c.done:
		return err
	case <-time.After(d):
		c.t.Fatalf("the ssh session did not end; it showed:\n%s", tail(c.screen(), 2000))
		return nil
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// target reads a service's target from the database through its own connection.
func (e *serveEnv) target(org, service string) *int {
	e.t.Helper()
	ctx := context.Background()
	s, err := catalog.Open(ctx, e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	defer s.Close()
	o, err := s.FindOrg(ctx, org)
	if err != nil {
		e.t.Fatal(err)
	}
	cs, err := s.Cycles(ctx, o.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	d, err := s.CycleData(ctx, cs[len(cs)-1].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	st, ok := d.Service(service)
	if !ok {
		e.t.Fatalf("no service %s", service)
	}
	return st.Target
}

func (e *serveEnv) waitTarget(org, service string, want int, d time.Duration) {
	e.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if v := e.target(org, service); v != nil && *v == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.t.Fatalf("%s %s: target %v, want %d", org, service, e.target(org, service), want)
}

const (
	enter = "\r"
	esc   = "\x1b"
	down  = "j"
	tab   = "\t" // from the Overview, where a workspace opens, to Build
)

func TestServeRolesOverSSH(t *testing.T) {
	e := newServeEnv(t)
	e.ok("org", "add", "Alpha")
	e.ok("org", "add", "Beta")
	viewer := e.user("vera", "viewer")
	assessor := e.user("asa", "assessor", "Alpha")
	e.start()

	// The viewer reads Alpha and is refused when setting a target.
	v := e.dial(viewer)
	v.waitFor("vera (viewer)", 10*time.Second)
	v.waitFor("Alpha", 5*time.Second)
	v.send(enter)
	v.waitFor("Risk management", 5*time.Second)
	v.send(tab)
	v.send("5")
	v.waitFor("vera is a viewer and may not change anything; not saved", 5*time.Second)
	if got := e.target("Alpha", "A-1"); got != nil {
		t.Fatalf("a viewer's key press set the target to %d", *got)
	}

	// The assessor sets a target in Alpha, at once; the viewer's open screen refreshes.
	a := e.dial(assessor)
	a.waitFor("asa (assessor)", 10*time.Second)
	a.send(enter)
	a.waitFor("Risk management", 5*time.Second)
	a.send(tab)
	a.send("4")
	e.waitTarget("Alpha", "A-1", 4, 5*time.Second)
	v.waitFor("refreshed", 5*time.Second)

	// Beta is not the assessor's.
	a.send(esc)
	a.waitFor("Organisations", 5*time.Second)
	a.send(down, enter)
	a.waitFor("Risk management", 5*time.Second)
	a.send(tab)
	a.send("3")
	a.waitFor("asa may not change Beta (not one of theirs); not saved", 5*time.Second)
	if got := e.target("Beta", "A-1"); got != nil {
		t.Fatalf("an assessor set a target in an organisation not given to them: %d", *got)
	}

	a.send("q")
	v.send("q")
	for _, c := range []*sshClient{a, v} {
		if err := c.exit(10 * time.Second); err != nil {
			t.Errorf("quitting the interface: ssh ended with %v", err)
		}
	}
	changes, err := changeLog(e.db)
	if err != nil {
		t.Fatal(err)
	}
	var last catalog.Change
	for _, c := range changes {
		if c.Entity == "build" {
			last = c
		}
	}
	if last.Who != "asa" || last.Source != "ssh" || last.New != "4" {
		t.Errorf("the change log records %+v, want asa's target 4 from ssh", last)
	}

	// Each user's report files live in their own folder beside the database.
	if st, err := os.Stat(filepath.Join(filepath.Dir(e.db), "files", "asa")); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the assessor's files folder: %v %v", st, err)
	}

	// Connections are logged with who and from where, never with assessment content.
	logText := readConnLog(t, e.db)
	for _, want := range []string{"\tconnect\tvera\t127.0.0.1:", "\tconnect\tasa\t127.0.0.1:", "\tdisconnect\tasa\t"} {
		if !strings.Contains(logText, want) {
			t.Errorf("the connection log lacks %q:\n%s", want, logText)
		}
	}
	if strings.Contains(logText, "Alpha") || strings.Contains(logText, "Beta") {
		t.Errorf("the connection log names organisations:\n%s", logText)
	}
}

func TestServeRefusesUnknownKeysAndPasswords(t *testing.T) {
	e := newServeEnv(t)
	e.user("vera", "viewer")
	stranger := e.key("stranger")
	e.start()
	cmd := exec.Command("ssh", e.sshArgs(stranger, "-o", "PreferredAuthentications=publickey,password,keyboard-interactive")...)
	cmd.Env = append(os.Environ(), "HOME="+e.dir)
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 255 {
		t.Fatalf("an unknown key got in: %v\n%s", err, out)
	}
	// OpenSSH lists the methods the server offers: public keys only.
	if !strings.Contains(string(out), "Permission denied (publickey)") {
		t.Errorf("ssh said %q, want a public-key-only refusal", out)
	}
	pub, err := os.ReadFile(stranger + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	k, err := catalog.ParseAuthorizedKey(string(pub))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(readConnLog(t, e.db), "\trefused\t-\t127.0.0.1:") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if logText := readConnLog(t, e.db); !strings.Contains(logText, k.Fingerprint) {
		t.Errorf("the refusal of %s is not logged:\n%s", k.Fingerprint, logText)
	}
}

// TestServeConcurrentSessions types 50 target changes in each of 20 sessions at once,
// each on its own service, and checks that every change is in the database.
func TestServeConcurrentSessions(t *testing.T) {
	const sessions, changes = 20, 50
	e := newServeEnv(t)
	e.ok("org", "add", "Load")
	keys := make([]string, sessions)
	for i := range keys {
		role := "assessor"
		if i%5 == 0 {
			role = "admin"
		}
		if role == "assessor" {
			keys[i] = e.user(fmt.Sprintf("user%02d", i), role, "Load")
		} else {
			keys[i] = e.user(fmt.Sprintf("user%02d", i), role)
		}
	}
	e.start()
	var wg sync.WaitGroup
	clients := make([]*sshClient, sessions)
	for i := range clients {
		clients[i] = e.dial(keys[i])
	}
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.waitFor("Load", 20*time.Second)
			c.send(enter)
			c.waitFor("Risk management", 20*time.Second)
			c.send(tab)
			c.send(strings.Repeat(down, i))
			for n := range changes {
				c.send([]string{"1", "2"}[n%2])
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// Every key is queued and saved in order, but on a busy machine a thousand saves
	// take a while: wait as long as changes keep arriving, and fail only when they stop.
	var byWho map[string][]catalog.Change
	last, lastAt := -1, time.Now()
	for {
		all, err := changeLog(e.db)
		if err != nil {
			t.Fatal(err)
		}
		byWho = map[string][]catalog.Change{}
		total := 0
		for _, c := range all {
			if c.Entity == "build" {
				byWho[c.Who] = append(byWho[c.Who], c)
				total++
			}
		}
		if total > last {
			last, lastAt = total, time.Now()
		}
		if total >= sessions*changes || time.Since(lastAt) > 20*time.Second {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	services := map[string]string{}
	for i := range sessions {
		who := fmt.Sprintf("user%02d", i)
		cs := byWho[who]
		if len(cs) != changes {
			screen := clients[i].screen()
			errs := regexp.MustCompile(`error: [^\r\n]*`).FindAllString(screen, 3)
			t.Errorf("%s: %d changes in the log, want %d; errors shown: %q", who, len(cs), changes, errs)
			continue
		}
		if prev, ok := services[cs[0].Key]; ok {
			t.Errorf("%s and %s both changed %s", prev, who, cs[0].Key)
		}
		services[cs[0].Key] = who
		for n, c := range cs {
			want := []string{"1", "2"}[n%2]
			if c.Key != cs[0].Key || c.Field != "target" || c.New != want || c.Source != "ssh" {
				t.Errorf("%s change %d: %+v, want target %s on %s", who, n, c, want, cs[0].Key)
				break
			}
		}
		if got := e.target("Load", cs[0].Key); got == nil || *got != 2 {
			t.Errorf("%s: %s ends with target %v, want 2", who, cs[0].Key, got)
		}
	}
	checkIntegrity(t, e.db)
	for _, c := range clients {
		c.send("q")
	}
	for _, c := range clients {
		c.exit(10 * time.Second)
	}
}

// TestServeStopsOnSIGTERM sends SIGTERM while a session is typing changes: the server
// tells the user, stops, and every committed change is in a sound database.
func TestServeStopsOnSIGTERM(t *testing.T) {
	e := newServeEnv(t)
	e.ok("org", "add", "Alpha")
	key := e.user("asa", "assessor", "Alpha")
	e.start()
	c := e.dial(key)
	c.waitFor("Alpha", 10*time.Second)
	c.send(enter)
	c.waitFor("Risk management", 5*time.Second)
	c.send(tab)
	typing := make(chan struct{})
	go func() {
		defer close(typing)
		for n := range 200 {
			if _, err := c.tty.Write([]byte([]string{"1", "2"}[n%2])); err != nil {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	// Stop in the middle of the typing, with saves under way.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if all, err := changeLog(e.db); err == nil && len(all) >= 30 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-e.done:
		if e.err != nil {
			t.Fatalf("cdc serve stopped with %v\n%s", e.err, e.out.String())
		}
	case <-time.After(stopWait + 5*time.Second):
		t.Fatalf("cdc serve did not stop:\n%s", e.out.String())
	}
	c.exit(10 * time.Second)
	<-typing
	if !strings.Contains(c.screen(), "The cdc server is stopping") {
		t.Errorf("the user was not told the server stopped:\n%s", tail(c.screen(), 600))
	}
	if !strings.Contains(e.out.String(), "Every save that was under way has committed") {
		t.Errorf("the server did not report a clean stop:\n%s", e.out.String())
	}
	checkIntegrity(t, e.db)
	all, err := changeLog(e.db)
	if err != nil {
		t.Fatal(err)
	}
	// Each logged change starts from the value the previous one left, and the last
	// one is what the database holds: nothing committed was lost or half-written.
	var chain []catalog.Change
	for _, ch := range all {
		if ch.Entity == "build" {
			chain = append(chain, ch)
		}
	}
	if len(chain) == 0 {
		t.Fatal("no change was logged")
	}
	for i := 1; i < len(chain); i++ {
		if chain[i].Old != chain[i-1].New {
			t.Fatalf("change %d goes from %s, but the previous one left %s", i, chain[i].Old, chain[i-1].New)
		}
	}
	got := e.target("Alpha", "A-1")
	if got == nil || fmt.Sprint(*got) != chain[len(chain)-1].New {
		t.Errorf("A-1 holds %v, the log's last change %s", got, chain[len(chain)-1].New)
	}
	t.Logf("%d changes committed before the stop", len(chain))
}

// TestServeCopiesFiles copies files out of and into the users' own folders with scp.
// TestServeStopsOnSIGHUP: a closed terminal (SIGHUP) stops the server as SIGTERM does,
// with the disconnect and stop written to the connection log.
func TestServeStopsOnSIGHUP(t *testing.T) {
	e := newServeEnv(t)
	e.ok("org", "add", "Alpha")
	key := e.user("asa", "assessor", "Alpha")
	e.start()
	c := e.dial(key)
	c.waitFor("Alpha", 10*time.Second)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case <-e.done:
		if e.err != nil {
			t.Fatalf("cdc serve stopped with %v\n%s", e.err, e.out.String())
		}
	case <-time.After(stopWait + 5*time.Second):
		t.Fatalf("cdc serve did not stop:\n%s", e.out.String())
	}
	c.exit(10 * time.Second)
	log := readConnLog(t, e.db)
	for _, want := range []string{"\tdisconnect\tasa\t", "\tstop\t"} {
		if !strings.Contains(log, want) {
			t.Errorf("connection log lacks %q:\n%s", want, log)
		}
	}
}

func TestServeCopiesFiles(t *testing.T) {
	e := newServeEnv(t)
	if _, err := exec.LookPath("scp"); err != nil {
		t.Skipf("scp from OpenSSH is needed: %v", err)
	}
	viewer := e.user("vera", "viewer")
	assessor := e.user("asa", "assessor")
	e.start()
	scpRun := func(key string, args ...string) error {
		cmd := exec.Command("scp", append([]string{"-O", "-F", "/dev/null", "-P", e.port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
			"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"}, args...)...)
		cmd.Env = append(os.Environ(), "HOME="+e.dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		return nil
	}
	local := filepath.Join(e.dir, "answers.xlsx")
	if err := os.WriteFile(local, []byte("questionnaire answers"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := scpRun(assessor, local, "127.0.0.1:"); err != nil {
		t.Fatalf("an assessor copying a file in: %v", err)
	}
	stored := filepath.Join(filepath.Dir(e.db), "files", "asa", "answers.xlsx")
	if st, err := os.Stat(stored); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the copied file: %v %v", st, err)
	}
	back := filepath.Join(e.dir, "back.xlsx")
	if err := scpRun(assessor, "127.0.0.1:answers.xlsx", back); err != nil {
		t.Fatalf("copying the file out: %v", err)
	}
	if data, _ := os.ReadFile(back); string(data) != "questionnaire answers" {
		t.Errorf("copied out %q", data)
	}
	if err := scpRun(assessor, local, "127.0.0.1:renamed.xlsx"); err != nil {
		t.Fatalf("an assessor copying a file in under a new name: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(filepath.Dir(e.db), "files", "asa", "renamed.xlsx")); string(data) != "questionnaire answers" {
		t.Errorf("copied in as renamed.xlsx: %q", data)
	}
	server := filepath.Dir(e.db)
	for _, tc := range []struct {
		key, from, to, want string
	}{
		{viewer, local, "127.0.0.1:", "vera is a viewer: viewers cannot copy files to the server"},
		{assessor, local, "127.0.0.1:no/such/answers.xlsx", "names a folder"},
		{viewer, "127.0.0.1:../asa/answers.xlsx", filepath.Join(e.dir, "stolen"), "No file"},
		{viewer, "127.0.0.1:" + e.db, filepath.Join(e.dir, "stolen.db"), "No file"},
	} {
		err := scpRun(tc.key, tc.from, tc.to)
		if err == nil {
			t.Errorf("scp %s %s succeeded", tc.from, tc.to)
			continue
		}
		msg := strings.ReplaceAll(err.Error(), e.db, "DB")
		if !strings.Contains(msg, tc.want) || strings.Contains(msg, server) || strings.Contains(msg, "no handler") {
			t.Errorf("scp %s %s: %s; want %q and no server path", tc.from, tc.to, err, tc.want)
		}
	}
}

func TestServeLimitsSessions(t *testing.T) {
	e := newServeEnv(t)
	key := e.user("ada", "admin")
	e.start("--max-sessions", "1")
	first := e.dial(key)
	first.waitFor("ada (admin)", 10*time.Second)
	cmd := exec.Command("ssh", append([]string{"-tt"}, e.sshArgs(key)...)...)
	cmd.Env = append(os.Environ(), "HOME="+e.dir)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("a second session got in past --max-sessions 1:\n%s", out)
	}
	first.send("q")
	first.exit(10 * time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(readConnLog(t, e.db), "too many connections") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if logText := readConnLog(t, e.db); !strings.Contains(logText, "too many connections") {
		t.Errorf("the refusal is not logged:\n%s", logText)
	}
}

func TestServeClosesIdleConnections(t *testing.T) {
	e := newServeEnv(t)
	key := e.user("ada", "admin")
	saved := minIdle
	minIdle = time.Second
	t.Cleanup(func() { minIdle = saved })
	e.start("--idle-timeout", "2s")
	c := e.dial(key)
	c.waitFor("ada (admin)", 10*time.Second)
	start := time.Now()
	c.exit(15 * time.Second)
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("the idle session ended after %s, before its timeout", waited)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(readConnLog(t, e.db), "\tdisconnect\tada\t") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if logText := readConnLog(t, e.db); !strings.Contains(logText, "\tdisconnect\tada\t") {
		t.Errorf("the idle disconnect is not logged:\n%s", logText)
	}
}

func TestServeSessionLanguage(t *testing.T) {
	e := newServeEnv(t)
	e.ok("org", "add", "Alpha")
	key := e.user("kenji", "viewer")
	e.start()
	c := e.dial(key, "CDC_LANG=ja")
	c.waitFor("組織", 10*time.Second)
	c.send("q")
	c.exit(10 * time.Second)
}

func TestServeCheck(t *testing.T) {
	e := newServeEnv(t)
	out, _, err := e.run("serve", "--check")
	if err == nil || !strings.Contains(out, "nobody can connect") {
		t.Errorf("check without users: %v\n%s", err, out)
	}
	e.user("ada", "admin")
	out = e.ok("serve", "--check")
	for _, want := range []string{"integrity ok", "will be created on first start", "users: 1 (1 admin"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	var rep serveCheckReport
	e.jsonOut(&rep, "serve", "--check", "--json")
	if !rep.OK || rep.Database != e.db || len(rep.Checks) != 5 || rep.Checks[2].Name != "users" || rep.Checks[2].Status != checkOK {
		t.Errorf("check --json: %+v", rep)
	}
	key := filepath.Join(filepath.Dir(e.db), "ssh", "host_ed25519")
	if _, _, err := loadOrCreateHostKey(vocab.For(catalog.EN), key); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]os.FileMode{key: 0o600, filepath.Dir(key): 0o700} {
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %04o (%v)", path, st.Mode().Perm(), want, err)
		}
	}
	if err := os.Chmod(key, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = e.run("serve", "--check")
	if err == nil || !strings.Contains(out, "may be read by others") {
		t.Errorf("check with a readable host key: %v\n%s", err, out)
	}
	out, _, err = e.run("serve", "--check", "--json")
	if err == nil || exitCode(context.Background(), err) != exitFailure || json.Unmarshal([]byte(out), &rep) != nil || rep.OK || rep.Checks[1].Status != checkFail {
		t.Errorf("check --json with a readable host key: %v\n%s", err, out)
	}
}

func changeLog(db string) ([]catalog.Change, error) {
	ctx := context.Background()
	s, err := catalog.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var out []catalog.Change
	orgs, err := s.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		cs, err := s.Changes(ctx, catalog.ChangeQuery{OrgID: o.ID})
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	// Changes lists newest first; the tests read them in the order they happened.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

func checkIntegrity(t *testing.T, db string) {
	t.Helper()
	s, err := catalog.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, err := s.IntegrityCheck(context.Background()); err != nil || res != "ok" {
		t.Errorf("integrity check: %q %v", res, err)
	}
}

func readConnLog(t *testing.T, db string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(filepath.Dir(db), connectionLogName))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
