package catalog

// Durability and fault tests: nothing committed is lost when a process is
// killed, several processes can write at once, and damaged, locked or
// read-only databases give a clear message without being made worse.
//
// Child processes re-run this test binary with CDC_DURABILITY_CHILD set; the
// Test*Child functions do nothing otherwise. CDC_DURABILITY_ROUNDS raises the
// number of kill rounds and CDC_DURABILITY_SEED replays a run.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	durChildEnv  = "CDC_DURABILITY_CHILD"
	durDBEnv     = "CDC_DURABILITY_DB"
	durCycleEnv  = "CDC_DURABILITY_CYCLE"
	durPrefixEnv = "CDC_DURABILITY_PREFIX"
	durCountEnv  = "CDC_DURABILITY_COUNT"

	// Exit codes a child uses when it stops on its own, so the parent can tell
	// them from the kill it sent.
	durExitError    = 3
	durExitDeadline = 4
)

func durEnvInt(t *testing.T, name string, def int64) int64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("%s=%q is not a number", name, v)
	}
	return n
}

// durChild is a child process running one Test*Child function.
type durChild struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	lines    chan string
	stderr   bytes.Buffer
	waited   bool
	waitErr  error
	scanDone chan struct{}
}

func durStart(t *testing.T, test, mode, db string, env ...string) *durChild {
	t.Helper()
	return durLaunch(t, nil, test, mode, db, env...)
}

// durLaunch starts the child through wrapper (a command line that ends by
// running its arguments), or directly when wrapper is nil.
func durLaunch(t *testing.T, wrapper []string, test, mode, db string, env ...string) *durChild {
	t.Helper()
	args := append(slices.Clone(wrapper), os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.timeout=5m")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), durChildEnv+"="+mode, durDBEnv+"="+db)
	cmd.Env = append(cmd.Env, env...)
	c := &durChild{cmd: cmd, lines: make(chan string, 1024), scanDone: make(chan struct{})}
	cmd.Stderr = &c.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c.stdin, err = cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		defer close(c.scanDone)
		defer close(c.lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		if !c.waited {
			c.cmd.Process.Kill()
			c.wait()
		}
	})
	return c
}

// wait reaps the child once its output is fully read.
func (c *durChild) wait() error {
	if !c.waited {
		for range c.lines {
		}
		<-c.scanDone
		c.waitErr = c.cmd.Wait()
		c.waited = true
	}
	return c.waitErr
}

// expect reads lines until one starts with prefix; it fails if the child ends first.
func (c *durChild) expect(t *testing.T, prefix string, timeout time.Duration) string {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case line, ok := <-c.lines:
			if !ok {
				err := c.wait()
				t.Fatalf("child ended before %q (%v); stderr:\n%s", prefix, err, c.stderr.String())
			}
			if strings.HasPrefix(line, prefix) {
				return line
			}
		case <-deadline:
			c.cmd.Process.Kill()
			c.wait()
			t.Fatalf("child did not print %q within %s; stderr:\n%s", prefix, timeout, c.stderr.String())
		}
	}
}

func (c *durChild) send(t *testing.T, line string) {
	t.Helper()
	if _, err := io.WriteString(c.stdin, line+"\n"); err != nil {
		t.Fatalf("write to child: %v", err)
	}
}

// durPrepend yields first, then the rest of lines.
func durPrepend(first string, lines <-chan string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if !yield(first) {
			return
		}
		for l := range lines {
			if !yield(l) {
				return
			}
		}
	}
}

// durFail stops a child with a message on stderr and an exit code the parent recognises.
func durFail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(durExitError)
}

// durSetup creates a database with one organisation and returns its open cycle.
func durSetup(t *testing.T, path string) int64 {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, c, err := s.AddOrg(context.Background(), NewOrg{Name: "Durability"})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func durServices() []string {
	var ids []string
	for _, sv := range BuiltinPack().Services {
		ids = append(ids, sv.ID)
	}
	return ids
}

// durBatch is how many evidence texts a batch change writes in one transaction.
const durBatch = 5

// durChange makes scripted change n, tagged "prefix n" so that it can be found
// again: an action title, an evidence text, a provider name, or a batch of
// evidence texts "prefix n/j" written in one transaction as an import does.
// Successive changes of a kind land on different services, and changes from
// different processes with the same n land on the same services.
func durChange(ctx context.Context, s *Store, cycleID int64, services []string, prefix string, n int) error {
	tag := fmt.Sprintf("%s %d", prefix, n)
	svc := services[(n*7)%len(services)]
	switch n % 4 {
	case 0:
		_, err := s.AddAction(ctx, Action{CycleID: cycleID, ServiceID: svc, Title: tag, Horizon: ShortTerm})
		return err
	case 1:
		score := n % 6
		_, err := s.SetAssessment(ctx, cycleID, svc, AssessmentPatch{Score: &score, Evidence: &tag})
		return err
	case 2:
		target := n % 6
		_, err := s.SetBuild(ctx, cycleID, []string{svc}, BuildPatch{Provider: &tag, Target: &target})
		return err
	default:
		return s.Update(ctx, "import "+prefix, func(tx *Tx) error {
			for j := range durBatch {
				ev := fmt.Sprintf("%s/%d", tag, j)
				if _, err := tx.SetAssessment(cycleID, durBatchService(services, n, j), AssessmentPatch{Evidence: &ev}); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// durBatchService spreads a batch over distinct services (11 is coprime with 64).
func durBatchService(services []string, n, j int) string {
	return services[(n*7+j*11)%len(services)]
}

// durLogged is the change-log row a scripted change left (the first part of a batch).
type durLogged struct {
	id                 int64
	entity, key, field string
}

// durTags returns the change-log rows carrying a "prefix n" tag, by n, and
// reports any change that was logged twice, under the wrong entity, or (for a
// batch) only in part.
func durTags(t *testing.T, s *Store, prefix string) map[int]durLogged {
	t.Helper()
	rows, err := s.DB().Query("SELECT id, entity, key, field, new, source FROM change_log WHERE new LIKE ? ORDER BY id", prefix+" %")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	services := durServices()
	out := map[int]durLogged{}
	parts := map[int]map[int]bool{}
	for rows.Next() {
		var l durLogged
		var tag, source string
		if err := rows.Scan(&l.id, &l.entity, &l.key, &l.field, &tag, &source); err != nil {
			t.Fatal(err)
		}
		num, part, isPart := strings.Cut(strings.TrimPrefix(tag, prefix+" "), "/")
		n, err := strconv.Atoi(num)
		j, jerr := strconv.Atoi(part)
		if err != nil || isPart != (n%4 == 3) || isPart && (jerr != nil || j < 0 || j >= durBatch) {
			t.Errorf("change-log row %d has an unexpected value %q", l.id, tag)
			continue
		}
		want := durLogged{entity: "assessment", key: services[(n*7)%len(services)], field: "evidence"}
		wantSource := "cli"
		switch n % 4 {
		case 0:
			want = durLogged{entity: "action", field: "create"}
		case 2:
			want.entity, want.field = "build", "provider"
		case 3:
			want.key = durBatchService(services, n, j)
			wantSource = "import " + prefix
			if parts[n] == nil {
				parts[n] = map[int]bool{}
			}
			if parts[n][j] {
				t.Errorf("change %q logged twice", tag)
			}
			parts[n][j] = true
		}
		if l.entity != want.entity || l.field != want.field || (want.key != "" && l.key != want.key) || source != wantSource {
			t.Errorf("change %q logged as %s %s %s from %q, want %s %s %s from %q",
				tag, l.entity, l.key, l.field, source, want.entity, want.key, want.field, wantSource)
		}
		if prev, dup := out[n]; dup && !isPart {
			t.Errorf("change %q logged twice (rows %d and %d)", tag, prev.id, l.id)
		}
		if _, seen := out[n]; !seen {
			out[n] = l
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for n, got := range parts {
		if len(got) != durBatch {
			t.Errorf("batch %s %d is half applied: %d of %d parts logged", prefix, n, len(got), durBatch)
		}
	}
	return out
}

// durCheckState verifies that the stored state of the cycle is exactly what its
// change log says: each field equals the newest logged value, and every action
// has its creation row and no creation row lacks its action.
func durCheckState(t *testing.T, s *Store, cycleID int64) {
	t.Helper()
	ctx := context.Background()
	if got, err := s.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Fatalf("integrity_check = %q, %v", got, err)
	}
	rows, err := s.DB().Query(`SELECT entity, key, field, new FROM change_log
		WHERE id IN (SELECT MAX(id) FROM change_log WHERE cycle_id = ? GROUP BY entity, key, field)`, cycleID)
	if err != nil {
		t.Fatal(err)
	}
	latest := map[string]string{}
	created := map[string]string{}
	for rows.Next() {
		var entity, key, field, val string
		if err := rows.Scan(&entity, &key, &field, &val); err != nil {
			t.Fatal(err)
		}
		latest[entity+"/"+key+"/"+field] = val
		if entity == "action" && field == "create" {
			created[key] = val
		}
	}
	rows.Close()
	last := func(k, def string) string {
		if v, ok := latest[k]; ok {
			return v
		}
		return def
	}
	d, err := s.CycleData(ctx, cycleID)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range d.Services {
		checks := []struct{ field, got, want string }{
			{"evidence", st.Evidence, last("assessment/"+st.ID+"/evidence", "")},
			{"current score", scoreWord(st.Current), last("assessment/"+st.ID+"/current", "none")},
			{"provider", st.Provider, last("build/"+st.ID+"/provider", "")},
			{"target", scoreWord(st.Target), last("build/"+st.ID+"/target", "none")},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("service %s: stored %s %q, but the change log's newest value is %q", st.ID, c.field, c.got, c.want)
			}
		}
	}
	acts, err := s.Actions(ctx, d.Org.ID, ActionFilter{CycleID: cycleID})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acts {
		key := "#" + itoa(a.ID)
		if created[key] != a.Title {
			t.Errorf("action %s %q has no matching creation row in the change log (got %q)", key, a.Title, created[key])
		}
		delete(created, key)
	}
	for key, title := range created {
		t.Errorf("change log records action %s %q, but the action is missing", key, title)
	}
}

// TestKillChild is the writer killed by TestKillDuringWrites.
func TestKillChild(t *testing.T) {
	if os.Getenv(durChildEnv) != "kill" {
		return
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(durDBEnv))
	if err != nil {
		durFail("open: %v", err)
	}
	cycleID, _ := strconv.ParseInt(os.Getenv(durCycleEnv), 10, 64)
	// Continue after the newest change that reached the database, reported or not.
	var last sql.NullInt64
	if err := s.DB().QueryRow("SELECT MAX(CAST(substr(new, 6) AS INTEGER)) FROM change_log WHERE new LIKE 'kill %'").Scan(&last); err != nil {
		durFail("read counter: %v", err)
	}
	services := durServices()
	fmt.Printf("ready %d\n", last.Int64+1)
	// The parent kills this process within a second; the deadline only ends an orphan.
	deadline := time.Now().Add(time.Minute)
	for n := int(last.Int64) + 1; time.Now().Before(deadline); n++ {
		if err := durChange(ctx, s, cycleID, services, "kill", n); err != nil {
			durFail("change %d: %v", n, err)
		}
		fmt.Printf("committed %d\n", n)
	}
	os.Exit(durExitDeadline)
}

// TestKillDuringWrites kills a writing process at random moments, over and over
// on the same database, then checks that every change it reported as committed
// survived with its change-log row and that the file is intact. A killed
// process is what a crash, or a terminal closed mid-write, looks like to
// SQLite; power loss (unsynced OS buffers) is not exercised.
func TestKillDuringWrites(t *testing.T) {
	rounds := int(durEnvInt(t, "CDC_DURABILITY_ROUNDS", 50))
	if testing.Short() && os.Getenv("CDC_DURABILITY_ROUNDS") == "" {
		rounds = 10
	}
	seed := durEnvInt(t, "CDC_DURABILITY_SEED", time.Now().UnixNano())
	t.Logf("%d rounds, seed %d (replay with CDC_DURABILITY_SEED=%d)", rounds, seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x1060))

	db := filepath.Join(t.TempDir(), "kill.db")
	cycleID := durSetup(t, db)
	reported := map[int]int{} // change -> round that reported it
	for round := 1; round <= rounds; round++ {
		c := durStart(t, "TestKillChild", "kill", db, durCycleEnv+"="+itoa(cycleID))
		c.expect(t, "ready", time.Minute)
		// Time the kill from the first commit, so that it lands among writes
		// however slow the machine (or a -race build) is.
		first := c.expect(t, "committed ", time.Minute)
		delay := time.Duration(5+rng.IntN(56)) * time.Millisecond
		time.Sleep(delay)
		if err := c.cmd.Process.Kill(); err != nil {
			t.Fatalf("round %d: kill: %v", round, err)
		}
		got := []int{}
		for line := range durPrepend(first, c.lines) {
			v, ok := strings.CutPrefix(line, "committed ")
			if !ok {
				continue
			}
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("round %d: child printed %q", round, line)
			}
			got = append(got, n)
		}
		c.wait()
		if code := c.cmd.ProcessState.ExitCode(); code == durExitError || code == durExitDeadline {
			t.Fatalf("round %d: the writer stopped on its own (exit %d) before the kill:\n%s", round, code, c.stderr.String())
		}
		for _, n := range got {
			if r, dup := reported[n]; dup {
				// The counter resumes from the database, so a repeat means round r's commit was lost.
				t.Errorf("change %d reported committed in round %d and again in round %d: the first was lost", n, r, round)
			}
			reported[n] = round
		}
		t.Logf("round %d: killed after %s, %d changes reported", round, delay, len(got))
	}

	s, err := Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after %d kills: %v", rounds, err)
	}
	defer s.Close()
	logged := durTags(t, s, "kill")
	maxN := 0
	for n, round := range reported {
		if _, ok := logged[n]; !ok {
			t.Errorf("change %d reported committed in round %d is missing from the change log", n, round)
		}
	}
	for n := range logged {
		maxN = max(maxN, n)
	}
	for n := 1; n <= maxN; n++ {
		if _, ok := logged[n]; !ok {
			t.Errorf("change %d is missing although later change %d is present", n, maxN)
		}
	}
	// A kill can land between a commit and its report, at most once per round.
	if extra := len(logged) - len(reported); extra < 0 || extra > rounds {
		t.Errorf("%d changes logged, %d reported: %d unreported commits over %d rounds", len(logged), len(reported), extra, rounds)
	}
	if len(reported) == 0 {
		t.Fatal("no change was ever reported committed; the kill test exercised nothing")
	}
	durCheckState(t, s, cycleID)
	t.Logf("%d changes reported, %d in the database", len(reported), len(logged))
}

// TestConcurrentChild is one of the writers of TestConcurrentProcesses.
func TestConcurrentChild(t *testing.T) {
	if os.Getenv(durChildEnv) != "concurrent" {
		return
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(durDBEnv))
	if err != nil {
		durFail("open: %v", err)
	}
	cycleID, _ := strconv.ParseInt(os.Getenv(durCycleEnv), 10, 64)
	count, _ := strconv.Atoi(os.Getenv(durCountEnv))
	prefix := os.Getenv(durPrefixEnv)
	services := durServices()
	fmt.Println("ready")
	// Start together with the other writers.
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		durFail("wait for start: %v", err)
	}
	for n := 1; n <= count; n++ {
		if err := durChange(ctx, s, cycleID, services, prefix, n); err != nil {
			durFail("%s change %d: %v", prefix, n, err)
		}
	}
	if err := s.Close(); err != nil {
		durFail("close: %v", err)
	}
	fmt.Println("done")
	os.Exit(0)
}

// TestConcurrentProcesses runs three processes writing to one database at
// once with the store's normal busy timeout: none may fail, and every change
// must be stored and logged. Meanwhile this process reads as the TUI does, and
// takes a backup, which must be a consistent snapshot.
func TestConcurrentProcesses(t *testing.T) {
	per := 300
	if testing.Short() {
		per = 100
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "concurrent.db")
	cycleID := durSetup(t, db)
	prefixes := []string{"p1", "p2", "p3"}
	var children []*durChild
	for _, p := range prefixes {
		c := durStart(t, "TestConcurrentChild", "concurrent", db,
			durCycleEnv+"="+itoa(cycleID), durPrefixEnv+"="+p, durCountEnv+"="+strconv.Itoa(per))
		children = append(children, c)
	}
	for _, c := range children {
		c.expect(t, "ready", time.Minute)
	}
	reader, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	version, err := reader.DataVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	for _, c := range children {
		c.send(t, "go")
	}
	finished := make(chan string, len(children))
	for i, c := range children {
		go func() {
			line := ""
			for l := range c.lines {
				if l == "done" {
					line = l
				}
			}
			if err := c.wait(); err != nil || line != "done" {
				finished <- fmt.Sprintf("writer %s failed (%v):\n%s", prefixes[i], err, c.stderr.String())
				return
			}
			finished <- ""
		}()
	}
	// The backup is taken a little way into the writes.
	backup := filepath.Join(t.TempDir(), "during.db")
	reads, backedUp := 0, false
	for running := len(children); running > 0; {
		select {
		case msg := <-finished:
			running--
			if msg != "" {
				t.Error(msg)
			}
		case <-time.After(20 * time.Millisecond):
			if _, err := reader.CycleData(ctx, cycleID); err != nil {
				t.Errorf("reading while others write: %v", err)
			}
			reads++
			if reads == 8 {
				if err := reader.Backup(ctx, backup); err != nil {
					t.Errorf("backup while others write: %v", err)
				}
				backedUp = true
			}
		}
	}
	t.Logf("%d changes by %d processes in %s, %d reads meanwhile", per*len(prefixes), len(prefixes), time.Since(start).Round(time.Millisecond), reads)
	if t.Failed() {
		return
	}
	if v, err := reader.DataVersion(ctx); err != nil || v == version {
		t.Errorf("data_version %d -> %d (%v): another process's writes went unnoticed", version, v, err)
	}
	for _, p := range prefixes {
		logged := durTags(t, reader, p)
		for n := 1; n <= per; n++ {
			if _, ok := logged[n]; !ok {
				t.Errorf("change %q is missing from the change log", fmt.Sprintf("%s %d", p, n))
			}
		}
		if len(logged) != per {
			t.Errorf("%s: %d changes logged, want %d", p, len(logged), per)
		}
	}
	durCheckState(t, reader, cycleID)

	// Each writer works in order, so a consistent snapshot holds the first k
	// changes of each, whole.
	if !backedUp {
		return
	}
	b, err := Open(ctx, backup)
	if err != nil {
		t.Fatalf("open the backup taken during the writes: %v", err)
	}
	defer b.Close()
	var held []string
	for _, p := range prefixes {
		logged := durTags(t, b, p)
		for n := 1; n <= len(logged); n++ {
			if _, ok := logged[n]; !ok {
				t.Errorf("backup holds %d changes of %s but not %s %d", len(logged), p, p, n)
			}
		}
		held = append(held, fmt.Sprintf("%s: %d", p, len(logged)))
	}
	durCheckState(t, b, cycleID)
	t.Logf("backup taken during the writes holds %s", strings.Join(held, ", "))
}

// TestFaultLockChild holds the write lock of a database, as another program
// (a second cdc, a database browser) would, until told to let go.
func TestFaultLockChild(t *testing.T) {
	if os.Getenv(durChildEnv) != "lock" {
		return
	}
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+os.Getenv(durDBEnv))
	if err != nil {
		durFail("open: %v", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		durFail("connect: %v", err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		durFail("lock: %v", err)
	}
	fmt.Println("locked")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		durFail("wait for release: %v", err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		durFail("release: %v", err)
	}
	conn.Close()
	db.Close()
	fmt.Println("released")
	os.Exit(0)
}

// TestFaultLocked checks writes against a database another process holds
// locked: a short lock is waited out, a long one fails with a message saying
// the database is locked and changes nothing, and the write then succeeds.
func TestFaultLocked(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "locked.db")
	cycleID := durSetup(t, db)
	svc := durServices()[0]
	evidence := func(s *Store, v string) error {
		_, err := s.SetAssessment(ctx, cycleID, svc, AssessmentPatch{Evidence: &v})
		return err
	}

	// A lock released well within the product's 5 s timeout is waited out.
	waiting, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer waiting.Close()
	c := durStart(t, "TestFaultLockChild", "lock", db)
	c.expect(t, "locked", time.Minute)
	done := make(chan error, 1)
	go func() { done <- evidence(waiting, "short wait") }()
	time.Sleep(200 * time.Millisecond)
	c.send(t, "release")
	c.expect(t, "released", time.Minute)
	if err := <-done; err != nil {
		t.Errorf("write during a short lock: %v", err)
	}
	c.wait()

	// A shortened timeout keeps the long-lock case fast.
	saved := busyTimeout
	busyTimeout = time.Second
	s, err := Open(ctx, db)
	busyTimeout = saved
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// A lock held past the timeout fails the write with a clear message.
	c = durStart(t, "TestFaultLockChild", "lock", db)
	c.expect(t, "locked", time.Minute)
	if _, err := s.CycleData(ctx, cycleID); err != nil {
		t.Errorf("reading while another process writes: %v", err)
	}
	logRows := func() int {
		var n int
		if err := s.DB().QueryRow("SELECT COUNT(*) FROM change_log").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := logRows()
	err = evidence(s, "too late")
	if err == nil {
		t.Fatal("write succeeded while another process held the database locked")
	}
	if msg := err.Error(); !strings.Contains(msg, "locked") || !strings.Contains(msg, db) {
		t.Errorf("locked write error %q should say the database %s is locked", msg, db)
	}
	c.send(t, "release")
	c.expect(t, "released", time.Minute)
	c.wait()
	d, err := s.CycleData(ctx, cycleID)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := d.Service(svc); st.Evidence != "short wait" {
		t.Errorf("evidence after the failed write = %q, want the earlier %q", st.Evidence, "short wait")
	}
	if after := logRows(); after != before {
		t.Errorf("the failed write left %d change-log rows", after-before)
	}
	if err := evidence(s, "after release"); err != nil {
		t.Errorf("write after the lock was released: %v", err)
	}
	durCheckState(t, s, cycleID)
}

// durSample builds a database with enough content to span many pages and
// returns its path and cycle, closed and checkpointed into the main file.
func durSample(t *testing.T) (string, int64) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sample.db")
	cycleID := durSetup(t, path)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	services := durServices()
	err = s.Update(ctx, "", func(tx *Tx) error {
		for i, id := range services {
			score := i % 6
			ev := strings.Repeat(fmt.Sprintf("evidence for %s. ", id), 60)
			if _, err := tx.SetAssessment(cycleID, id, AssessmentPatch{Score: &score, Evidence: &ev}); err != nil {
				return err
			}
			if _, err := tx.AddAction(Action{CycleID: cycleID, ServiceID: id, Title: "Improve " + id}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); err == nil {
		t.Fatalf("%s-wal still exists after close; the copies below would miss data", path)
	}
	return path, cycleID
}

func durCopy(t *testing.T, src string, edit func([]byte) []byte) string {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "damaged.db")
	if err := os.WriteFile(dst, edit(bytes.Clone(data)), 0o600); err != nil {
		t.Fatal(err)
	}
	return dst
}

func durHash(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// durUse opens the database and reads everything a user would, returning the
// first error. A clean result means the damage went unnoticed.
func durUse(path string, cycleID int64) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	orgs, err := s.Orgs(ctx)
	if err != nil {
		return err
	}
	if len(orgs) != 1 {
		return fmt.Errorf("%d organisations, want 1", len(orgs))
	}
	if _, err := s.CycleData(ctx, cycleID); err != nil {
		return err
	}
	if _, err := s.Actions(ctx, orgs[0].ID, ActionFilter{}); err != nil {
		return err
	}
	if _, err := s.Changes(ctx, ChangeQuery{OrgID: orgs[0].ID}); err != nil {
		return err
	}
	got, err := s.IntegrityCheck(ctx)
	if err != nil {
		return err
	}
	if got != "ok" {
		return fmt.Errorf("%s is damaged: integrity_check: %s", path, got)
	}
	return nil
}

// TestFaultDamagedFile opens corrupted and truncated copies of a database: each
// must be refused with a message naming the file as damaged or not a SQLite
// database, without a panic and without writing to the damaged file.
func TestFaultDamagedFile(t *testing.T) {
	src, cycleID := durSample(t)
	st, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := int(st.Size() / page)
	if pages < 8 {
		t.Fatalf("sample database has only %d pages", pages)
	}
	garbage := func(from, to int) func([]byte) []byte {
		return func(b []byte) []byte {
			r := rand.New(rand.NewPCG(uint64(from), uint64(to)))
			for i := from; i < to; i++ {
				b[i] = byte(r.Uint32())
			}
			return b
		}
	}
	truncate := func(n int) func([]byte) []byte { return func(b []byte) []byte { return b[:n] } }
	cases := []struct {
		name string
		edit func([]byte) []byte
		want []string // any of these
	}{
		{"header overwritten", garbage(0, 100), []string{"not a SQLite database"}},
		{"middle pages overwritten", garbage(pages/2*page, (pages/2+2)*page), []string{"damaged", "malformed"}},
		{"schema page overwritten", garbage(100, page), []string{"damaged", "not a SQLite database", "malformed"}},
		{"truncated to half", truncate(pages / 2 * page), []string{"damaged", "malformed"}},
		{"truncated mid-page", truncate(pages/2*page + 1000), []string{"damaged", "malformed"}},
		{"truncated inside the header", truncate(10), []string{"not a SQLite database"}},
		{"zero-filled middle", func(b []byte) []byte {
			clear(b[pages/3*page : (pages/3+3)*page])
			return b
		}, []string{"damaged", "malformed"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := durCopy(t, src, tc.edit)
			before := durHash(t, path)
			err := durUse(path, cycleID)
			if err == nil {
				t.Fatalf("damaged database %s opened and read without any error", path)
			}
			msg := err.Error()
			t.Logf("error: %s", msg)
			ok := false
			for _, w := range tc.want {
				ok = ok || strings.Contains(msg, w)
			}
			if !ok || !strings.Contains(msg, path) {
				t.Errorf("error %q should name %s and say one of %q", msg, path, tc.want)
			}
			if durHash(t, path) != before {
				t.Errorf("opening the damaged database changed the file")
			}
		})
	}
	if err := durUse(src, cycleID); err != nil {
		t.Errorf("the undamaged original: %v", err)
	}
}

// TestFaultReadOnly covers databases that must not be written. Tests often run
// as root, which writes whatever the file mode says, so the permission case
// runs only for other users; OpenReadOnly is exercised for everyone.
func TestFaultReadOnly(t *testing.T) {
	ctx := context.Background()
	src, cycleID := durSample(t)
	before := durHash(t, src)

	s, err := OpenReadOnly(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.CycleData(ctx, cycleID)
	if err != nil {
		t.Fatalf("read from a read-only store: %v", err)
	}
	score := 5
	_, err = s.SetAssessment(ctx, cycleID, d.Services[0].ID, AssessmentPatch{Score: &score})
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write to a read-only store: error %v, want a read-only message", err)
	}
	if _, err := s.AddAction(ctx, Action{CycleID: cycleID, Title: "x"}); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("add action to a read-only store: error %v, want a read-only message", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if durHash(t, src) != before {
		t.Error("the read-only store changed the database file")
	}
	for _, suf := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(src + suf); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the read-only store left %s behind (%v)", filepath.Base(src+suf), err)
		}
	}

	refused := func(t *testing.T, what string) {
		t.Helper()
		_, err := Open(ctx, src)
		if err == nil || !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), src) {
			t.Errorf("Open of %s: error %v, want a read-only message naming the file", what, err)
		}
		if durHash(t, src) != before {
			t.Errorf("refusing %s changed the file", what)
		}
	}

	t.Run("file mode", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root may write a 0400 file; the permission refusal is exercised only for other users")
		}
		if runtime.GOOS == "windows" {
			t.Skip("Open checks write permission with access(2) on Unix only; elsewhere the first write fails instead")
		}
		if err := os.Chmod(src, 0o400); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(src, 0o600) })
		refused(t, "a 0400 file")
	})

	t.Run("folder mode", func(t *testing.T) {
		if os.Geteuid() == 0 || runtime.GOOS == "windows" {
			t.Skip("exercised only for non-root users on Unix")
		}
		dir := filepath.Dir(src)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
		refused(t, "a file in a 0500 folder")
	})

	// The immutable attribute stops root too, so this case runs as root where
	// chattr is available and permitted (often not inside containers).
	t.Run("immutable file", func(t *testing.T) {
		if runtime.GOOS != "linux" {
			t.Skip("chattr is Linux only")
		}
		if out, err := exec.Command("chattr", "+i", src).CombinedOutput(); err != nil {
			t.Skipf("cannot set the immutable attribute here: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", src).Run() })
		refused(t, "an immutable file")
		s, err := OpenReadOnly(ctx, src)
		if err != nil {
			t.Fatalf("OpenReadOnly of an immutable file: %v", err)
		}
		defer s.Close()
		if _, err := s.CycleData(ctx, cycleID); err != nil {
			t.Errorf("reading an immutable file: %v", err)
		}
	})
}

// ---- migrations ----

// durFixture is a schema-1 database made by this build while schema 1 was
// current. It is kept so that every later migration is tried on real old data.
const durFixture = "testdata/durability-schema1.db"

// durFixtureContent is what durFixture holds; durCheckFixture reads it back.
var durFixtureContent = struct {
	org, sector      string
	cycles           []string
	scores1, scores2 map[string]int // current scores per cycle
	targets          map[string]int
	action, review   string
}{
	org:     "Fixture Works",
	sector:  "Manufacturing",
	cycles:  []string{"FY2025", "FY2026"},
	scores1: map[string]int{"B-1": 2, "B-2": 3, "C-1": 1, "I-4": 4},
	scores2: map[string]int{"B-1": 3, "C-1": 2},
	targets: map[string]int{"B-1": 4, "B-2": 4, "C-1": 3},
	action:  "Write the incident playbook",
	review:  "quarterly",
}

// TestWriteDurabilityFixture regenerates durFixture when
// CDC_DURABILITY_WRITE_FIXTURE=1; it refuses once the schema has moved on,
// because the file must stay a schema-1 database.
func TestWriteDurabilityFixture(t *testing.T) {
	if os.Getenv("CDC_DURABILITY_WRITE_FIXTURE") != "1" {
		return
	}
	if SchemaVersion() != 1 {
		t.Fatalf("this build writes schema %d; %s must stay schema 1", SchemaVersion(), durFixture)
	}
	ctx := context.Background()
	f := durFixtureContent
	s, err := Open(ctx, filepath.Join(t.TempDir(), "fixture.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.Actor = "fixture"
	o, c1, err := s.AddOrg(ctx, NewOrg{Name: f.org, Sector: f.sector, FirstCycle: f.cycles[0]})
	if err != nil {
		t.Fatal(err)
	}
	for id, v := range f.targets {
		if _, err := s.SetBuild(ctx, c1.ID, []string{id}, BuildPatch{Target: &v}); err != nil {
			t.Fatal(err)
		}
	}
	for id, v := range f.scores1 {
		ev := "evidence for " + id
		if _, err := s.SetAssessment(ctx, c1.ID, id, AssessmentPatch{Score: &v, Evidence: &ev}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddAction(ctx, Action{CycleID: c1.ID, ServiceID: "C-1", Title: f.action, Horizon: LongTerm}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReview(ctx, Review{CycleID: c1.ID, HeldOn: "2025-06-30", Kind: f.review}); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCycle(ctx, c1.ID); err != nil {
		t.Fatal(err)
	}
	c2, err := s.StartCycle(ctx, o.ID, NewCycle{Name: f.cycles[1], CarryOver: true})
	if err != nil {
		t.Fatal(err)
	}
	for id, v := range f.scores2 {
		if _, err := s.SetAssessment(ctx, c2.ID, id, AssessmentPatch{Score: &v}); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	os.Remove(durFixture)
	if err := s.Backup(ctx, durFixture); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(durFixture, 0o644); err != nil {
		t.Fatal(err)
	}
}

// durCheckFixture reads durFixtureContent back through the store.
func durCheckFixture(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	f := durFixtureContent
	o, err := s.FindOrg(ctx, f.org)
	if err != nil {
		t.Fatal(err)
	}
	if o.Sector != f.sector {
		t.Errorf("sector %q, want %q", o.Sector, f.sector)
	}
	hist, err := s.History(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != len(f.cycles) {
		t.Fatalf("%d cycles, want %d", len(hist), len(f.cycles))
	}
	for i, d := range hist {
		if d.Cycle.Name != f.cycles[i] {
			t.Errorf("cycle %d is %q, want %q", i+1, d.Cycle.Name, f.cycles[i])
		}
	}
	if hist[0].Cycle.Status != CycleClosed || hist[1].Cycle.Status != CycleOpen {
		t.Errorf("cycle statuses %s, %s; want closed, open", hist[0].Cycle.Status, hist[1].Cycle.Status)
	}
	want2 := map[string]int{}
	for id, v := range f.scores1 {
		want2[id] = v // carried over
	}
	for id, v := range f.scores2 {
		want2[id] = v
	}
	for i, want := range []map[string]int{f.scores1, want2} {
		for _, st := range hist[i].Services {
			v, ok := want[st.ID]
			switch {
			case ok && (st.Current == nil || *st.Current != v):
				t.Errorf("%s %s: current %s, want %d", f.cycles[i], st.ID, scoreWord(st.Current), v)
			case !ok && st.Current != nil:
				t.Errorf("%s %s: current %d, want none", f.cycles[i], st.ID, *st.Current)
			}
			tv, ok := f.targets[st.ID]
			if ok != (st.Target != nil) || ok && *st.Target != tv {
				t.Errorf("%s %s: target %s, want %v", f.cycles[i], st.ID, scoreWord(st.Target), f.targets[st.ID])
			}
		}
	}
	if st, _ := hist[1].Service("I-4"); !st.CarriedOver {
		t.Errorf("%s I-4 should be carried over", f.cycles[1])
	}
	if st, _ := hist[0].Service("B-2"); st.Evidence != "evidence for B-2" {
		t.Errorf("%s B-2 evidence %q", f.cycles[0], st.Evidence)
	}
	acts, err := s.Actions(ctx, o.ID, ActionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(acts) != 1 || acts[0].Title != f.action || acts[0].Horizon != LongTerm {
		t.Errorf("actions %+v, want one %q", acts, f.action)
	}
	revs, err := s.Reviews(ctx, hist[0].Cycle.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) != 1 || revs[0].Kind != f.review {
		t.Errorf("reviews %+v, want one %q", revs, f.review)
	}
	changes, err := s.Changes(ctx, ChangeQuery{OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Who != "fixture" {
			t.Errorf("change-log row %d: who %q, want fixture", c.ID, c.Who)
		}
	}
}

// durSnapshot reads every row of every table of the database at path, read-only,
// rendered through the columns listed in cols (the table's own columns when nil)
// and sorted, so that migrations that add columns or rebuild tables compare equal.
func durSnapshot(t *testing.T, path string, cols map[string][]string) (map[string][]string, map[string][]string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := map[string][]string{}
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	if cols == nil {
		cols = map[string][]string{}
		for _, n := range names {
			r, err := db.Query("SELECT name FROM pragma_table_info(?) ORDER BY cid", n)
			if err != nil {
				t.Fatal(err)
			}
			for r.Next() {
				var c string
				r.Scan(&c)
				cols[n] = append(cols[n], c)
			}
			r.Close()
		}
	}
	for table, cs := range cols {
		q := "SELECT "
		for i, c := range cs {
			if i > 0 {
				q += ", "
			}
			q += `quote("` + c + `")`
		}
		r, err := db.Query(q + ` FROM "` + table + `"`)
		if err != nil {
			t.Errorf("table %s after opening: %v", table, err)
			continue
		}
		out := []string{}
		for r.Next() {
			vals := make([]string, len(cs))
			ptrs := make([]any, len(cs))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Join(vals, "|"))
		}
		r.Close()
		slices.Sort(out)
		tables[table] = out
	}
	return tables, cols
}

// durCompare reports rows of before that are no longer in after.
func durCompare(t *testing.T, what string, before, after map[string][]string) {
	t.Helper()
	for table, rows := range before {
		got := after[table]
		if len(got) != len(rows) {
			t.Errorf("%s: table %s has %d rows, had %d", what, table, len(got), len(rows))
			continue
		}
		for i := range rows {
			if rows[i] != got[i] {
				t.Errorf("%s: table %s row changed:\n was %s\n now %s", what, table, rows[i], got[i])
				break
			}
		}
	}
}

// TestMigrationFixture opens schema-1 files with this build: they are migrated
// to the current schema (after a backup) with every row and value intact.
func TestMigrationFixture(t *testing.T) {
	fixtures := []string{durFixture, "testdata/schema1.db"}
	for _, fx := range fixtures {
		t.Run(filepath.Base(fx), func(t *testing.T) {
			data, err := os.ReadFile(fx)
			if errors.Is(err, os.ErrNotExist) && fx != durFixture {
				t.Skipf("%s is not present", fx)
			}
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "old.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			before, cols := durSnapshot(t, path, nil)
			ctx := context.Background()
			for open := 1; open <= 2; open++ {
				s, err := Open(ctx, path)
				if err != nil {
					t.Fatalf("open %d: %v", open, err)
				}
				var v int
				if err := s.DB().QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != SchemaVersion() {
					t.Errorf("open %d: schema %d (%v), want %d", open, v, err, SchemaVersion())
				}
				if got, err := s.IntegrityCheck(ctx); got != "ok" || err != nil {
					t.Errorf("open %d: integrity_check %q, %v", open, got, err)
				}
				if fx == durFixture {
					durCheckFixture(t, s)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				after, _ := durSnapshot(t, path, cols)
				durCompare(t, fmt.Sprintf("open %d", open), before, after)
			}
			backups, _ := filepath.Glob(path + ".v1-*.bak")
			if SchemaVersion() > 1 && len(backups) != 1 {
				t.Errorf("migrating from schema 1 left backups %v, want one", backups)
			}
			for _, b := range backups {
				got, _ := durSnapshot(t, b, cols)
				durCompare(t, "backup "+filepath.Base(b), before, got)
			}
		})
	}
}

// durSchema2 is a later schema step as a real one would look: a new column, a
// new table filled from existing rows, and a table rebuilt by the 12-step
// procedure (https://sqlite.org/lang_altertable.html#otheralter), which drops the
// views on the table first and makes them again after. fill rows of padding make it
// slow enough to be killed half-way.
func durSchema2(fill int) migration {
	view := regexp.MustCompile(`(?s)CREATE VIEW cycle_figures_live AS.*?FROM cycles c;`).FindString(migrations[9].sql)
	if view == "" {
		panic("migration 0010 defines no view cycle_figures_live")
	}
	return migration{name: "9999_durability.sql", sql: `
DROP VIEW cycle_figures_live;
ALTER TABLE organisations ADD COLUMN durability_note TEXT NOT NULL DEFAULT '';
CREATE TABLE durability_padding (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ` + strconv.Itoa(fill) + `)
INSERT INTO durability_padding (v) SELECT printf('padding row %d', i) FROM n;
CREATE TABLE assessments_new (
    cycle_id     INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    service_id   TEXT NOT NULL,
    score        INTEGER CHECK (score BETWEEN 0 AND 5),
    evidence     TEXT NOT NULL DEFAULT '',
    assessor     TEXT NOT NULL DEFAULT '',
    assessed_at  TEXT,
    carried_over INTEGER NOT NULL DEFAULT 0 CHECK (carried_over IN (0, 1)),
    confidence   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (cycle_id, service_id)
) STRICT;
INSERT INTO assessments_new (cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over)
    SELECT cycle_id, service_id, score, evidence, assessor, assessed_at, carried_over FROM assessments;
DROP TABLE assessments;
ALTER TABLE assessments_new RENAME TO assessments;
` + view + `
`}
}

// durInject makes this build believe the given steps follow its own.
func durInject(t *testing.T, extra ...migration) {
	saved := migrations
	migrations = append(slices.Clip(saved), extra...)
	t.Cleanup(func() { migrations = saved })
}

// TestMigrationInjected migrates the schema-1 fixture through a later step and
// checks that every row survives, the backup holds the old file, and the store
// reads the same organisation back.
func TestMigrationInjected(t *testing.T) {
	durInject(t, durSchema2(1000))
	data, err := os.ReadFile(durFixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	before, cols := durSnapshot(t, path, nil)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var v, padding int
	s.DB().QueryRow("PRAGMA user_version").Scan(&v)
	s.DB().QueryRow("SELECT count(*) FROM durability_padding").Scan(&padding)
	if v != len(migrations) || padding != 1000 {
		t.Errorf("after migrating: schema %d, %d padding rows; want %d, 1000", v, padding, len(migrations))
	}
	durCheckFixture(t, s)
	after, _ := durSnapshot(t, path, cols)
	durCompare(t, "migrated", before, after)
	backups, _ := filepath.Glob(path + ".v1-*.bak")
	if len(backups) != 1 {
		t.Fatalf("backups %v, want one", backups)
	}
	old, _ := durSnapshot(t, backups[0], nil)
	durCompare(t, "backup", before, old)
	if len(old) != len(before) {
		t.Errorf("backup has tables %v, want the schema-1 set", old)
	}
}

// TestFaultMigrationFails checks that a step failing half-way is rolled back:
// the file stays at schema 1 with every row, and the message names the step.
func TestFaultMigrationFails(t *testing.T) {
	bad := durSchema2(10)
	bad.sql += "INSERT INTO assessments (cycle_id, service_id, score) VALUES (1, 'B-1', 9);\n"
	data, err := os.ReadFile(durFixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	// This build's own steps first, so that only the injected step is under test.
	if s, err := Open(context.Background(), path); err != nil {
		t.Fatal(err)
	} else {
		s.Close()
	}
	durInject(t, bad)
	before, cols := durSnapshot(t, path, nil)
	_, err = Open(context.Background(), path)
	if err == nil {
		t.Fatal("a failing schema step opened without error")
	}
	if msg := err.Error(); !strings.Contains(msg, bad.name) || !strings.Contains(msg, path) {
		t.Errorf("error %q should name the step %s and the file %s", msg, bad.name, path)
	}
	after, afterCols := durSnapshot(t, path, nil)
	durCompare(t, "after the failed step", before, after)
	// The steps before the failing one have committed; nothing of the failing one may remain.
	if _, ok := afterCols["durability_padding"]; ok || len(afterCols["assessments"]) != len(cols["assessments"]) || len(afterCols["organisations"]) != len(cols["organisations"]) {
		t.Errorf("the failed step left schema changes: tables %v", afterCols)
	}
	// This build's own schema still opens the file.
	migrations = migrations[:len(migrations)-1]
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("reopen with the working schema: %v", err)
	}
	durCheckFixture(t, s)
	s.Close()
}

// durMigrateFill makes the injected step take a few hundred milliseconds.
const durMigrateFill = 50000

// TestKillMigrateChild opens a schema-1 file with a build that has one more
// schema step, for TestKillDuringMigration to kill.
func TestKillMigrateChild(t *testing.T) {
	if os.Getenv(durChildEnv) != "migrate" {
		return
	}
	migrations = append(slices.Clip(migrations), durSchema2(durMigrateFill))
	fmt.Println("opening")
	s, err := Open(context.Background(), os.Getenv(durDBEnv))
	if err != nil {
		durFail("open: %v", err)
	}
	s.Close()
	fmt.Println("opened")
	os.Exit(0)
}

// TestKillDuringMigration kills a process while it backs up and migrates a
// schema-1 file. Whenever the kill lands, the file must hold either the whole
// old schema or the whole new one, with every row, and must then migrate
// cleanly; a backup that exists under its final name must be complete.
func TestKillDuringMigration(t *testing.T) {
	rounds := 8
	if testing.Short() {
		rounds = 3
	}
	durInject(t, durSchema2(durMigrateFill))
	data, err := os.ReadFile(durFixture)
	if err != nil {
		t.Fatal(err)
	}
	seed := durEnvInt(t, "CDC_DURABILITY_SEED", time.Now().UnixNano())
	t.Logf("seed %d (replay with CDC_DURABILITY_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x0002))
	var oldCount, newCount int
	for round := 0; round < rounds; round++ {
		path := filepath.Join(t.TempDir(), "old.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		before, cols := durSnapshot(t, path, nil)
		c := durStart(t, "TestKillMigrateChild", "migrate", path)
		c.expect(t, "opening", time.Minute)
		// Spread the kills over the backup and the migration.
		delay := time.Duration(round*300/rounds+rng.IntN(300/rounds)) * time.Millisecond
		time.Sleep(delay)
		c.cmd.Process.Kill()
		c.wait()
		if code := c.cmd.ProcessState.ExitCode(); code == durExitError {
			t.Fatalf("round %d: the migrating process failed before the kill:\n%s", round, c.stderr.String())
		}

		raw, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		var version, padding int
		var check string
		raw.QueryRow("PRAGMA user_version").Scan(&version)
		raw.QueryRow("PRAGMA integrity_check").Scan(&check)
		perr := raw.QueryRow("SELECT count(*) FROM durability_padding").Scan(&padding)
		raw.Close()
		if check != "ok" {
			t.Errorf("round %d: integrity_check after the kill: %q", round, check)
		}
		switch version {
		case 1:
			oldCount++
			if perr == nil {
				t.Errorf("round %d: schema 1 but the new table exists: the step was half applied", round)
			}
			cur, curCols := durSnapshot(t, path, nil)
			if len(curCols["assessments"]) != len(cols["assessments"]) {
				t.Errorf("round %d: schema 1 but assessments has columns %v", round, curCols["assessments"])
			}
			durCompare(t, fmt.Sprintf("round %d, killed before the step committed", round), before, cur)
		case SchemaVersion():
			newCount++
			if padding != durMigrateFill {
				t.Errorf("round %d: schema %d with %d padding rows (%v), want %d", round, version, padding, perr, durMigrateFill)
			}
			cur, _ := durSnapshot(t, path, cols)
			durCompare(t, fmt.Sprintf("round %d, killed after the step committed", round), before, cur)
		case 2, 3, 4, 5, 6, 7, 8, 9:
			// Killed between the product's own steps and the injected one: each step commits alone.
			if version >= SchemaVersion() {
				t.Fatalf("round %d: schema %d after the kill", round, version)
			}
			if perr == nil {
				t.Errorf("round %d: schema %d but the injected step's table exists", round, version)
			}
			cur, _ := durSnapshot(t, path, cols)
			durCompare(t, fmt.Sprintf("round %d, killed between steps", round), before, cur)
		default:
			t.Fatalf("round %d: schema %d after the kill", round, version)
		}
		backups, _ := filepath.Glob(path + ".v1-*.bak")
		for _, b := range backups {
			got, _ := durSnapshot(t, b, cols)
			durCompare(t, fmt.Sprintf("round %d, backup %s", round, filepath.Base(b)), before, got)
		}

		s, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("round %d: open after the kill: %v", round, err)
		}
		durCheckFixture(t, s)
		s.Close()
		after, _ := durSnapshot(t, path, cols)
		durCompare(t, fmt.Sprintf("round %d, migrated after the kill", round), before, after)
		t.Logf("round %d: killed after %s at schema %d, %d backups", round, delay, version, len(backups))
	}
	t.Logf("%d kills left the old schema, %d the new one", oldCount, newCount)
}

// TestFaultFullChild writes until the file size limit set by its parent stops it.
func TestFaultFullChild(t *testing.T) {
	if os.Getenv(durChildEnv) != "full" {
		return
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(durDBEnv))
	if err != nil {
		durFail("open: %v", err)
	}
	cycleID, _ := strconv.ParseInt(os.Getenv(durCycleEnv), 10, 64)
	services := durServices()
	for n := 1; n <= 20000; n++ {
		if err := durChange(ctx, s, cycleID, services, "full", n); err != nil {
			fmt.Printf("failed %d: %v\n", n, err)
			if err := durChange(ctx, s, cycleID, services, "full", n); err == nil {
				durFail("the write after a failed one succeeded although the limit still holds")
			}
			if _, err := s.CycleData(ctx, cycleID); err != nil {
				durFail("read after the failed write: %v", err)
			}
			fmt.Println("read ok")
			os.Exit(0)
		}
		fmt.Printf("committed %d\n", n)
	}
	durFail("20000 changes fitted under the file size limit")
}

// TestFaultWriteFails runs a writer under a file size limit (ulimit -f), the
// closest a test gets to a full disk without privileges: the failing write
// must leave no trace, reading must still work, and every change committed
// before it must survive. SQLite reports a full disk (ENOSPC) as SQLITE_FULL
// but a size limit (EFBIG) as SQLITE_IOERR_WRITE, so this exercises the I/O
// error path rather than the "disk is full" message itself.
func TestFaultWriteFails(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("needs a POSIX shell with ulimit")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	db := filepath.Join(t.TempDir(), "full.db")
	cycleID := durSetup(t, db)
	// 4096 blocks is 2 or 4 MB depending on the shell's block size: room for the
	// database, not for the write-ahead log of a few hundred changes.
	c := durLaunch(t, []string{sh, "-c", `ulimit -f 4096 && exec "$0" "$@"`}, "TestFaultFullChild", "full", db,
		durCycleEnv+"="+itoa(cycleID))
	reported := map[int]bool{}
	failed := ""
	for line := range c.lines {
		if v, ok := strings.CutPrefix(line, "committed "); ok {
			n, _ := strconv.Atoi(v)
			reported[n] = true
		}
		if strings.HasPrefix(line, "failed ") {
			failed = line
		}
	}
	if err := c.wait(); err != nil || failed == "" {
		t.Fatalf("writer under the size limit: %v, last failure %q:\n%s", err, failed, c.stderr.String())
	}
	t.Logf("%d changes committed, then: %s", len(reported), failed)
	t.Run("message", func(t *testing.T) {
		if !strings.Contains(failed, db) || !strings.Contains(failed, "disk may be full") {
			t.Errorf("the write error %q should name %s and say the disk may be full", failed, db)
		}
	})

	s, err := Open(context.Background(), db)
	if err != nil {
		t.Fatalf("reopen after the failed write: %v", err)
	}
	defer s.Close()
	logged := durTags(t, s, "full")
	for n := range reported {
		if _, ok := logged[n]; !ok {
			t.Errorf("change %d committed before the disk filled is missing", n)
		}
	}
	if len(logged) != len(reported) {
		t.Errorf("%d changes logged, %d committed: the failed write left a trace", len(logged), len(reported))
	}
	durCheckState(t, s, cycleID)
	if err := durChange(context.Background(), s, cycleID, durServices(), "full", len(reported)+1); err != nil {
		t.Errorf("write once space is back: %v", err)
	}
}
