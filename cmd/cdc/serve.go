package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/scp"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/termtext"
	"github.com/cdc-toolkit/cdc/internal/vocab"
	"github.com/cdc-toolkit/cdc/tui"
)

// Defaults of cdc serve. The address is the loopback one so that nothing is exposed
// until the owner chooses to.
const (
	defaultListen      = "127.0.0.1:23234"
	defaultMaxSessions = 32
	defaultIdle        = 30 * time.Minute
	handshakeTimeout   = 20 * time.Second
	// stopWait bounds how long a stopping server waits for writes under way and for
	// clients to hang up.
	stopWait = 15 * time.Second
)

// minIdle is the shortest idle timeout allowed; tests shorten it.
var minIdle = time.Minute

// connectionLogName is the connection log in the data folder, beside the database.
const connectionLogName = "connections.log"

type serveOptions struct {
	listen      string
	hostKey     string
	check       bool
	maxSessions int
	idle        time.Duration
}

func newServeCmd(a *app) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use: "serve",
		Example: `  cdc serve --check
  cdc serve --listen 0.0.0.0:23234
  ssh -p 23234 -i ~/.ssh/id_ed25519 server.example.org`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.serve(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", defaultListen, "")
	f.StringVar(&o.hostKey, "host-key", "", "")
	f.BoolVar(&o.check, "check", false, "")
	f.IntVar(&o.maxSessions, "max-sessions", defaultMaxSessions, "")
	f.DurationVar(&o.idle, "idle-timeout", defaultIdle, "")
	return cmd
}

// server is one running cdc serve.
type server struct {
	owner    *catalog.Store // the owner's store: user look-ups only
	dbPath   string
	lang     catalog.Lang
	gate     *catalog.WriteGate
	log      *connLog
	max      int
	mu       sync.Mutex
	conns    int
	sessions map[*tea.Program]bool
	stopping bool
}

func (a *app) serve(ctx context.Context, o serveOptions) error {
	lang, err := a.lang()
	if err != nil {
		return err
	}
	w := vocab.For(lang)
	if o.maxSessions < 1 {
		return usageError(errors.New(w.T("cli.serve.max_sessions", o.maxSessions)))
	}
	if o.idle < minIdle {
		return usageError(errors.New(w.T("cli.serve.idle", o.idle, minIdle)))
	}
	if _, _, err := net.SplitHostPort(o.listen); err != nil {
		return usageError(errors.New(w.T("cli.serve.listen", o.listen)))
	}
	if o.check {
		return a.serveCheck(ctx, o, w)
	}
	s, err := a.open(ctx)
	if err != nil {
		return err
	}
	dataDir := filepath.Dir(s.Path())
	keyPath := o.hostKey
	if keyPath == "" {
		keyPath = defaultHostKey(dataDir)
	}
	signer, created, err := loadOrCreateHostKey(w, keyPath)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintln(a.out, w.T("serve.hostkey.created", keyPath, gossh.FingerprintSHA256(signer.PublicKey())))
	}
	clog, err := openConnLog(w, filepath.Join(dataDir, connectionLogName))
	if err != nil {
		return err
	}
	defer clog.Close()
	srv := &server{owner: s, dbPath: s.Path(), lang: lang, gate: &catalog.WriteGate{}, log: clog, max: o.maxSessions, sessions: map[*tea.Program]bool{}}
	if users, err := s.Users(ctx); err == nil && len(users) == 0 {
		fmt.Fprintln(a.errOut, w.T("serve.nousers"))
	}

	sshSrv, err := wish.NewServer(
		wish.WithAddress(o.listen),
		func(ss *ssh.Server) error { ss.AddHostKey(signer); return nil },
		ssh.PublicKeyAuth(srv.publicKey),
		ssh.WrapConn(srv.wrapConn),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return srv.session }),
	)
	if err != nil {
		return fmt.Errorf("cdc serve: %w", err)
	}
	sshSrv.IdleTimeout = o.idle
	sshSrv.HandshakeTimeout = handshakeTimeout
	sshSrv.Version = "cdc"

	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("%s: %w", w.T("cli.serve.listen_failed", o.listen), err)
	}
	sig, stopSignals := signal.NotifyContext(ctx, syscall.SIGTERM, syscall.SIGHUP, os.Interrupt)
	defer stopSignals()
	served := make(chan error, 1)
	go func() { served <- sshSrv.Serve(ln) }()
	addr := ln.Addr().String()
	clog.event("start", "", addr, "host key "+gossh.FingerprintSHA256(signer.PublicKey()))
	fmt.Fprintln(a.out, w.T("serve.serving", s.Path(), addr, gossh.FingerprintSHA256(signer.PublicKey()), portOf(addr)))

	select {
	case err := <-served:
		if !errors.Is(err, ssh.ErrServerClosed) {
			return fmt.Errorf("cdc serve: %w", err)
		}
		return nil
	case <-sig.Done():
	}
	fmt.Fprintln(a.out, w.T("serve.stopping"))
	return srv.stop(sshSrv, a.out, w)
}

// stop refuses new connections and writes, lets the writes under way commit, tells the
// users and ends their sessions.
func (srv *server) stop(sshSrv *ssh.Server, out io.Writer, w vocab.Printer) error {
	ctx, cancel := context.WithTimeout(context.Background(), stopWait)
	defer cancel()
	srv.mu.Lock()
	srv.stopping = true
	srv.mu.Unlock()
	shut := make(chan error, 1)
	go func() { shut <- sshSrv.Shutdown(ctx) }() // closes the listener at once, then waits for clients
	gateErr := srv.gate.Close(ctx)
	srv.mu.Lock()
	programs := make([]*tea.Program, 0, len(srv.sessions))
	for p := range srv.sessions {
		programs = append(programs, p)
	}
	srv.mu.Unlock()
	n := len(programs)
	for _, p := range programs {
		p.Quit()
	}
	err := <-shut
	if err != nil {
		sshSrv.Close()
	}
	srv.log.event("stop", "", "", fmt.Sprintf("%d session(s) closed", n))
	if gateErr != nil {
		return fmt.Errorf("%s: %w", w.T("cli.serve.stopped_saving"), gateErr)
	}
	fmt.Fprintln(out, w.T("serve.stopped", n))
	return nil
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

func defaultHostKey(dataDir string) string { return filepath.Join(dataDir, "ssh", "host_ed25519") }

// loadOrCreateHostKey reads the host key, creating an ed25519 key (mode 0600 in a 0700
// folder) when there is none. A key that others may read is refused, as sshd does.
func loadOrCreateHostKey(w vocab.Printer, path string) (gossh.Signer, bool, error) {
	const what = "cli.file.host_key"
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		s, err := createHostKey(w, path)
		return s, err == nil, err
	}
	if err != nil {
		return nil, false, fileError(w, what, path, err)
	}
	if st.IsDir() {
		return nil, false, errors.New(w.T("cli.file.folder_not_file", w.T(what), path))
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, false, errors.New(w.T("cli.serve.host_key.open", path, st.Mode().Perm(), path))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false, fileError(w, what, path, err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", w.T("cli.serve.host_key.invalid", path), err)
	}
	return signer, false, nil
}

func createHostKey(w vocab.Printer, path string) (gossh.Signer, error) {
	const what = "cli.file.host_key"
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fileError(w, "cli.file.host_key_folder", dir, err)
	}
	if st, err := os.Stat(dir); err == nil && st.Mode().Perm()&0o077 != 0 && filepath.Base(dir) == "ssh" {
		if err := os.Chmod(dir, 0o700); err != nil {
			return nil, fileError(w, "cli.file.host_key_folder", dir, err)
		}
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "cdc serve host key")
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fileError(w, what, path, err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fileError(w, what, path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fileError(w, what, path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fileError(w, what, path, err)
	}
	return gossh.NewSignerFromKey(priv)
}

// ctxKeyConn holds the tracked connection in the SSH context.
var ctxKeyConn = &struct{ name string }{"cdc-conn"}

// trackedConn counts a connection against the limit and remembers what it offered.
type trackedConn struct {
	net.Conn
	srv     *server
	once    sync.Once
	mu      sync.Mutex
	offered []string // fingerprints of unknown keys offered
	user    string   // set once a session starts
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.srv.mu.Lock()
		c.srv.conns--
		c.srv.mu.Unlock()
		c.mu.Lock()
		user, offered := c.user, c.offered
		c.mu.Unlock()
		if user == "" {
			detail := "no known key"
			if len(offered) > 0 {
				detail = "unknown key " + strings.Join(offered, " ")
			}
			c.srv.log.event("refused", "", c.RemoteAddr().String(), detail)
		}
	})
	return c.Conn.Close()
}

func (srv *server) wrapConn(ctx ssh.Context, conn net.Conn) net.Conn {
	srv.mu.Lock()
	full := srv.conns >= srv.max || srv.stopping
	if !full {
		srv.conns++
	}
	srv.mu.Unlock()
	if full {
		srv.log.event("refused", "", conn.RemoteAddr().String(), "too many connections or stopping")
		return nil
	}
	tc := &trackedConn{Conn: conn, srv: srv}
	ctx.SetValue(ctxKeyConn, tc)
	return tc
}

// publicKey admits a key that belongs to a user. It may be called for keys the client only
// offers; the session checks the key that authenticated again.
func (srv *server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	if _, err := srv.owner.UserByKey(ctx, fp); err == nil {
		return true
	}
	if tc, ok := ctx.Value(ctxKeyConn).(*trackedConn); ok {
		tc.mu.Lock()
		if len(tc.offered) < 8 {
			tc.offered = append(tc.offered, fp)
		}
		tc.mu.Unlock()
	}
	return false
}

// endSession tells the user why their session ends, then ends it with a failure.
func endSession(sess ssh.Session, msg string) {
	fmt.Fprintln(sess.Stderr(), msg)
	sess.Exit(1)
}

// session runs one terminal interface for one SSH session.
func (srv *server) session(sess ssh.Session) {
	from := sess.RemoteAddr().String()
	env := sess.Environ()
	lang := sessionLang(env, srv.lang)
	w := vocab.For(lang)
	pk := sess.PublicKey()
	if pk == nil {
		endSession(sess, w.T("serve.session.keysonly"))
		return
	}
	fp := gossh.FingerprintSHA256(pk)
	ctx := sess.Context()
	u, err := srv.owner.UserByKey(ctx, fp)
	if err != nil {
		srv.log.event("refused", "", from, "key "+fp+" no longer belongs to a user")
		endSession(sess, w.T("serve.session.unknownkey"))
		return
	}
	if tc, ok := ctx.Value(ctxKeyConn).(*trackedConn); ok {
		tc.mu.Lock()
		tc.user = u.Name
		tc.mu.Unlock()
	}
	// The Report tab and scp read and write only the user's own folder, never the server's files.
	files := filepath.Join(filepath.Dir(srv.dbPath), "files", u.Name)
	if err := os.MkdirAll(files, 0o700); err != nil {
		srv.log.event("error", u.Name, from, "files folder: "+err.Error())
		endSession(sess, w.T("serve.session.dberror", err))
		return
	}
	if info := scp.GetInfo(sess.Command()); info.Ok {
		srv.copyFiles(sess, u, files, info, from, w)
		return
	}
	pty, windows, isPty := sess.Pty()
	if !isPty || len(sess.Command()) > 0 {
		srv.log.event("refused", u.Name, from, "no terminal or a command was asked for")
		endSession(sess, w.T("serve.session.noterminal"))
		return
	}
	// The store's context outlives the connection so that a save under way commits
	// even when the client hangs up.
	storeCtx := context.WithoutCancel(ctx)
	st, err := catalog.OpenAs(storeCtx, srv.dbPath, u.Name, srv.gate)
	if err != nil {
		srv.log.event("error", u.Name, from, "open database: "+err.Error())
		endSession(sess, w.T("serve.session.dberror", err))
		return
	}
	defer st.Close()

	opts := append(bm.MakeOptions(sess), tea.WithContext(ctx))
	if pty.Window.Width <= 0 || pty.Window.Height <= 0 {
		// A client without a terminal of its own (ssh -tt from a script) sends no size;
		// the interface's smallest layout is 80x24.
		opts = append(opts, tea.WithWindowSize(80, 24))
	}
	label := w.T("serve.label", u.Name, roleWord(w, u.Role), filepath.Base(srv.dbPath))
	p := tea.NewProgram(tui.New(storeCtx, st, lang, tui.WithDatabaseLabel(label), tui.WithFileFolder(files)), opts...)

	srv.mu.Lock()
	if srv.stopping || len(srv.sessions) >= srv.max {
		srv.mu.Unlock()
		srv.log.event("refused", u.Name, from, "too many sessions or stopping")
		endSession(sess, w.T("serve.session.busy"))
		return
	}
	srv.sessions[p] = true
	srv.mu.Unlock()

	start := time.Now()
	srv.log.event("connect", u.Name, from, fmt.Sprintf("role %s, key %s, terminal %s %dx%d, language %s",
		u.Role, fp, logText(pty.Term), pty.Window.Width, pty.Window.Height, lang))
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			case win, ok := <-windows:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: win.Width, Height: win.Height})
			}
		}
	}()
	_, runErr := p.Run()
	close(done)
	p.Kill()

	srv.mu.Lock()
	delete(srv.sessions, p)
	stopping := srv.stopping
	srv.mu.Unlock()
	detail := "after " + time.Since(start).Round(time.Second).String()
	if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) && !errors.Is(runErr, tea.ErrInterrupted) && !errors.Is(runErr, context.Canceled) {
		detail += ", " + runErr.Error()
	}
	srv.log.event("disconnect", u.Name, from, detail)
	if stopping {
		fmt.Fprint(sess, "\r\n"+w.T("serve.session.stopping")+"\r\n")
	}
	sess.Exit(0)
}

// maxUpload bounds one file copied to the server: questionnaires and reports are far smaller.
const maxUpload = 64 << 20

// copyFiles serves scp (its original protocol: scp -O) on the user's own folder: anyone may
// copy their files out; assessors and admins may copy files in, one at a time, never folders.
// The user sees only messages in their language that name their own files, never a path
// of the server; the library's own errors go to the connection log.
func (srv *server) copyFiles(sess ssh.Session, u catalog.User, dir string, info scp.Info, from string, w vocab.Printer) {
	op := "copy out"
	if info.Op == scp.OpCopyFromClient {
		op = "copy in"
	}
	srv.log.event("scp", u.Name, from, op+" "+logText(info.Path))
	if info.Recursive {
		endSession(sess, w.T("serve.scp.folders"))
		return
	}
	if info.Op == scp.OpCopyFromClient && u.Role == catalog.RoleViewer {
		srv.log.event("refused", u.Name, from, "copy in by a viewer")
		endSession(sess, w.T("serve.scp.viewer", u.Name))
		return
	}
	h := scp.NewFileSystemHandler(dir)
	cs := &scpSession{Session: sess}
	var in scp.CopyFromClientHandler
	if info.Op == scp.OpCopyFromClient {
		in = &uploads{Handler: h, w: w, target: uploadTarget(dir, info.Path)}
	}
	var matches []string
	if info.Op == scp.OpCopyToClient {
		matches, _ = h.Glob(sess, info.Path)
		if len(matches) == 0 {
			endSession(sess, w.T("serve.scp.nofile", logText(info.Path)))
			return
		}
	}
	scp.Middleware(h, in)(func(ssh.Session) {})(cs)
	if cs.failed {
		srv.log.event("error", u.Name, from, op+": "+logText(cs.stderr.String()))
		msg := w.T("serve.scp.failed")
		if up, ok := in.(*uploads); ok && up.refusal != "" {
			msg = up.refusal
		}
		endSession(sess, msg)
		sess.Close()
		return
	}
	if info.Op != scp.OpCopyToClient {
		return
	}
	// The client acknowledges each header and each file after the server has sent them
	// (one byte each, after one to say it is ready); ending the session before the last
	// acknowledgement arrives makes scp report a lost connection.
	acks := 1 + 3*len(matches)
	drained := make(chan struct{})
	go func() {
		io.ReadFull(sess, make([]byte, acks))
		close(drained)
	}()
	select {
	case <-drained:
	case <-time.After(5 * time.Second):
	}
}

// scpSession keeps what the scp library writes to standard error, and its exit, so that
// the user is told in their own words.
type scpSession struct {
	ssh.Session
	stderr bytes.Buffer
	failed bool
}

func (s *scpSession) Stderr() io.ReadWriter { return scpStderr{s} }
func (s *scpSession) Exit(code int) error {
	if code != 0 {
		s.failed = true
	}
	return nil
}
func (s *scpSession) Close() error { return nil }

type scpStderr struct{ s *scpSession }

func (e scpStderr) Read([]byte) (int, error) { return 0, io.EOF }
func (e scpStderr) Write(p []byte) (int, error) {
	e.s.failed = true
	if e.s.stderr.Len() < 4096 {
		e.s.stderr.Write(p)
	}
	return len(p), nil
}

// uploadTarget is the file name a copy in is written as: empty when the client named the
// user's folder (scp FILE HOST:), else the name it gave (scp FILE HOST:renamed.xlsx).
func uploadTarget(dir, path string) string {
	clean := strings.TrimPrefix(filepath.Clean("/"+path), "/")
	if clean == "" || clean == "~" {
		return ""
	}
	if st, err := os.Stat(filepath.Join(dir, clean)); err == nil && st.IsDir() {
		return ""
	}
	return clean
}

// uploads writes files copied in with mode 0600 and a bounded size, and makes no folders.
type uploads struct {
	scp.Handler
	w       vocab.Printer
	target  string // the file name the client asked for, if any
	written int
	refusal string // what to tell the user when a write is refused
}

func (u *uploads) refuse(msg string) error {
	u.refusal = msg
	return errors.New(msg)
}

func (u *uploads) Mkdir(ssh.Session, *scp.DirEntry) error {
	return u.refuse(u.w.T("serve.scp.folders"))
}

func (u *uploads) Write(s ssh.Session, e *scp.FileEntry) (int64, error) {
	if e.Size > maxUpload {
		return 0, u.refuse(u.w.T("serve.scp.toolarge", logText(e.Name), maxUpload>>20))
	}
	if u.target != "" {
		if u.written > 0 {
			return 0, u.refuse(u.w.T("serve.scp.onefile", logText(u.target)))
		}
		if strings.Contains(u.target, "/") {
			return 0, u.refuse(u.w.T("serve.scp.nofolder", logText(u.target)))
		}
		e.Name, e.Filepath = u.target, u.target
	}
	u.written++
	e.Mode = 0o600
	e.Reader = io.LimitReader(e.Reader, maxUpload)
	n, err := u.Handler.Write(s, e)
	if err != nil {
		return n, u.refuse(u.w.T("serve.scp.writefailed", logText(e.Name)))
	}
	return n, nil
}

// sessionLang is the language a session asks for (CDC_LANG, else the locale variables
// the client sent), else the server's.
func sessionLang(env []string, fallback catalog.Lang) catalog.Lang {
	get := func(name string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
				return v
			}
		}
		return ""
	}
	if v := get("CDC_LANG"); v != "" {
		if l, err := catalog.ParseLang(v); err == nil {
			return l
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := get(k); v != "" {
			if l, err := catalog.ParseLang(v); err == nil {
				return l
			}
			return fallback
		}
	}
	return fallback
}

// connLog appends one line per connection event: when, what, who, from where. It never
// holds assessment content.
type connLog struct {
	mu sync.Mutex
	f  *os.File
}

func openConnLog(w vocab.Printer, path string) (*connLog, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fileError(w, "cli.file.connection_log", path, err)
	}
	return &connLog{f: f}, nil
}

func (l *connLog) event(what, user, from, detail string) {
	if user == "" {
		user = "-"
	}
	if from == "" {
		from = "-"
	}
	line := strings.Join([]string{time.Now().UTC().Format(time.RFC3339), what, logText(user), logText(from), logText(detail)}, "\t") + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	l.f.WriteString(line)
}

func (l *connLog) Close() error { return l.f.Close() }

// logText keeps client-supplied text on one line without control characters.
func logText(s string) string { return termtext.Clean(s) }

// serveCheckReport is what cdc serve --check prints with --json.
type serveCheckReport struct {
	Database string        `json:"database"`
	Listen   string        `json:"listen"`
	OK       bool          `json:"ok"`
	Checks   []doctorCheck `json:"checks"`
}

// errServeCheck is returned when a check fails, so that cdc serve --check exits 1 after its report.
type errServeCheck struct{ problems int }

func (e errServeCheck) Error() string {
	return fmt.Sprintf("cdc serve --check found %d problem(s)", e.problems)
}

// serveCheck validates the set-up without starting: host key, database, users, log.
func (a *app) serveCheck(ctx context.Context, o serveOptions, w vocab.Printer) error {
	rep := serveCheckReport{Listen: o.listen}
	problems := 0
	report := func(name string, ok bool, text string) {
		status := checkOK
		if !ok {
			status = checkFail
			problems++
		}
		rep.Checks = append(rep.Checks, doctorCheck{Name: name, Status: status, Detail: text})
	}
	a.serveChecks(ctx, o, w, &rep, report)
	rep.OK = problems == 0
	var text strings.Builder
	for _, c := range rep.Checks {
		mark := w.T("serve.check.ok")
		if c.Status != checkOK {
			mark = w.T("serve.check.problem")
		}
		fmt.Fprintf(&text, "%s: %s\n", mark, c.Detail)
	}
	if rep.OK {
		text.WriteString(w.T("serve.check.ready"))
	}
	if err := a.result(rep, text.String()); err != nil {
		return err
	}
	if !rep.OK {
		return reported{errServeCheck{problems}}
	}
	return nil
}

func (a *app) serveChecks(ctx context.Context, o serveOptions, w vocab.Printer, rep *serveCheckReport, report func(name string, ok bool, text string)) {
	s, err := a.open(ctx)
	if err != nil {
		report("database", false, err.Error())
		return
	}
	rep.Database = s.Path()
	res, err := s.IntegrityCheck(ctx)
	report("database", err == nil && res == "ok", w.T("serve.check.db", s.Path(), catalog.SchemaVersion(), orText(res, fmt.Sprint(err))))
	dataDir := filepath.Dir(s.Path())
	keyPath := o.hostKey
	if keyPath == "" {
		keyPath = defaultHostKey(dataDir)
	}
	if _, err := os.Stat(keyPath); errors.Is(err, os.ErrNotExist) {
		report("host key", true, w.T("serve.check.hostkey.new", keyPath))
	} else if signer, _, err := loadOrCreateHostKey(w, keyPath); err != nil {
		report("host key", false, err.Error())
	} else {
		report("host key", true, w.T("serve.check.hostkey", keyPath, gossh.FingerprintSHA256(signer.PublicKey())))
	}
	users, err := s.Users(ctx)
	if err != nil {
		report("users", false, err.Error())
	} else {
		count := map[catalog.Role]int{}
		for _, u := range users {
			count[u.Role]++
			if u.Role == catalog.RoleAssessor && len(u.Orgs) == 0 {
				report("users", false, w.T("serve.check.noorg", logText(u.Name), logText(u.Name)))
			}
		}
		if len(users) == 0 {
			report("users", false, w.T("serve.check.users.none"))
		} else {
			report("users", true, w.T("serve.check.users", len(users), count[catalog.RoleAdmin], count[catalog.RoleAssessor], count[catalog.RoleViewer]))
		}
	}
	logPath := filepath.Join(dataDir, connectionLogName)
	if f, err := os.OpenFile(logPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600); err != nil {
		report("connection log", false, err.Error())
	} else {
		f.Close()
		report("connection log", true, w.T("serve.check.log", logPath))
	}
	host, port, _ := net.SplitHostPort(o.listen)
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		report("listen", true, w.T("serve.check.listen.local", o.listen, port))
	} else if _, err := strconv.Atoi(port); err != nil {
		report("listen", false, fmt.Sprintf("--listen %s: the port is not a number", o.listen))
	} else {
		report("listen", true, w.T("serve.check.listen", o.listen))
	}
}

func orText(v, alt string) string {
	if v != "" {
		return v
	}
	return alt
}
