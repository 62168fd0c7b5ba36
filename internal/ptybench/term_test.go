//go:build unix

package ptybench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// cdcBinary builds cmd/cdc once per test process.
func cdcBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cdc-ptybench-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "cdc")
		_, file, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(file), "..", "..")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/cdc")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// term is the cdc binary running in a pseudo-terminal, drawn by an emulator.
type term struct {
	tb      testing.TB
	cmd     *exec.Cmd
	pty     *os.File
	emu     *vt.SafeEmulator
	changed chan struct{} // gets a value after each chunk of output is drawn
	done    chan struct{}
}

// start runs cdc with args at w x h. The emulator answers the program's terminal queries
// (synchronized output, background colour) as a modern terminal does.
func start(tb testing.TB, w, h int, env []string, args ...string) *term {
	tb.Helper()
	cmd := exec.Command(cdcBinary(tb), args...)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color", "COLORTERM=truecolor")
	cmd.Env = append(cmd.Env, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(w), Rows: uint16(h)})
	if err != nil {
		tb.Fatal(err)
	}
	t := &term{tb: tb, cmd: cmd, pty: f, emu: vt.NewSafeEmulator(w, h), changed: make(chan struct{}, 1), done: make(chan struct{})}
	go func() { // program output -> emulator
		defer close(t.done)
		buf := make([]byte, 64<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				_, _ = t.emu.Write(buf[:n])
				select {
				case t.changed <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	go func() { // emulator replies -> program input
		buf := make([]byte, 4096)
		for {
			n, err := t.emu.Read(buf)
			if n > 0 {
				if _, werr := f.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	tb.Cleanup(t.close)
	return t
}

func (t *term) close() {
	_ = t.cmd.Process.Signal(os.Interrupt)
	exited := make(chan struct{})
	go func() { _ = t.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = t.cmd.Process.Kill()
		<-exited
	}
	_ = t.pty.Close()
	_ = t.emu.Close()
}

// screen is the emulated screen as plain text lines.
func (t *term) screen() []string {
	return strings.Split(ansi.Strip(t.emu.Render()), "\n")
}

// send writes keys as a terminal sends them.
func (t *term) send(keys string) {
	if _, err := io.WriteString(t.pty, keys); err != nil {
		t.tb.Fatal(err)
	}
}

var errTimeout = errors.New("timed out")

// waitFor returns as soon as ok holds for the screen, checking after every chunk of output.
func (t *term) waitFor(ctx context.Context, ok func([]string) bool) error {
	for {
		if ok(t.screen()) {
			return nil
		}
		select {
		case <-t.changed:
		case <-t.done:
			if ok(t.screen()) {
				return nil
			}
			return fmt.Errorf("cdc exited; screen:\n%s", strings.Join(t.screen(), "\n"))
		case <-ctx.Done():
			return fmt.Errorf("%w; screen:\n%s", errTimeout, strings.Join(t.screen(), "\n"))
		}
	}
}

// waitText waits until every text is on screen.
func (t *term) waitText(d time.Duration, texts ...string) {
	t.tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	err := t.waitFor(ctx, func(lines []string) bool {
		all := strings.Join(lines, "\n")
		for _, s := range texts {
			if !strings.Contains(all, s) {
				return false
			}
		}
		return true
	})
	if err != nil {
		t.tb.Fatalf("waiting for %q: %v", texts, err)
	}
}
