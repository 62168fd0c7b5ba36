package tui

// Benchmarks on the large synthetic database (internal/synth; scripts/bench.sh generates it
// once and names it in $CDC_BENCH_DB). Targets: first frame < 150 ms; a score key press to
// the next frame p99 < 16 ms with 64 services and < 50 ms with 1,000.

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cdc-toolkit/cdc/catalog"
	"github.com/cdc-toolkit/cdc/internal/synth"
)

const perfW, perfH = 120, 40

// perfDB copies the synthetic database into a fresh folder, so writes never touch the fixture.
func perfDB(b *testing.B) string {
	b.Helper()
	ctx := context.Background()
	src, err := synth.Fixture(ctx, synth.Default)
	if err != nil {
		b.Fatal(err)
	}
	dst := b.TempDir() + "/cdc.db"
	if err := synth.CopyDB(src, dst); err != nil {
		b.Fatal(err)
	}
	return dst
}

// perfDriver runs the root model as Bubble Tea does: every command in its own goroutine, the
// messages handled one at a time in arrival order. A measured frame is drawn as soon as the
// awaited data has arrived, while other commands may still run (as the program draws on its
// own clock); settle then lets every command finish.
type perfDriver struct {
	b       *testing.B
	m       *Model
	msgs    chan tea.Msg
	pending int
}

func newPerfDriver(b *testing.B, m *Model) *perfDriver {
	return &perfDriver{b: b, m: m, msgs: make(chan tea.Msg, 64)}
}

func (d *perfDriver) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.pending++
	go func() { d.msgs <- cmd() }()
}

// step handles one message; false when no command is left. A command that does not answer
// within 30 seconds is a timer, which would distort the figures, so it fails the benchmark.
func (d *perfDriver) step() bool {
	if d.pending == 0 {
		return false
	}
	var msg tea.Msg
	select {
	case msg = <-d.msgs:
	case <-time.After(30 * time.Second):
		d.b.Fatal("a command did not answer within 30s (a timer in the measured path)")
	}
	d.pending--
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			d.exec(c)
		}
		return true
	}
	// tea.Sequence: the commands run one after the other, their messages in that order.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var cmds []tea.Cmd
		for i := 0; i < v.Len(); i++ {
			if c := v.Index(i).Interface().(tea.Cmd); c != nil {
				cmds = append(cmds, c)
			}
		}
		d.pending += len(cmds)
		go func() {
			for _, c := range cmds {
				d.msgs <- c()
			}
		}()
		return true
	}
	_, cmd := d.m.Update(msg)
	d.exec(cmd)
	return true
}

// until handles messages until cond holds.
func (d *perfDriver) until(what string, cond func() bool) {
	for !cond() {
		if !d.step() {
			d.b.Fatalf("every command finished and still no %s", what)
		}
	}
}

// settle handles messages until no command is left.
func (d *perfDriver) settle() {
	for d.step() {
	}
}

// send delivers one message and lets everything that follows from it finish.
func (d *perfDriver) send(msg tea.Msg) {
	_, cmd := d.m.Update(msg)
	d.exec(cmd)
	d.settle()
}

// frame renders the screen and fails on an error in the status line.
func (d *perfDriver) frame() string {
	v := d.m.View().Content
	if d.m.isErr {
		d.b.Fatalf("status line shows an error: %s", d.m.status)
	}
	return v
}

// startModel builds the root model as cdc does (without the outside-change poll, a timer)
// and draws its first frame.
func startModel(b *testing.B, s *catalog.Store) *perfDriver {
	m := New(context.Background(), s, catalog.EN, WithPollInterval(0))
	d := newPerfDriver(b, m)
	d.send(tea.WindowSizeMsg{Width: perfW, Height: perfH})
	d.exec(m.Init())
	d.until("organisation list", func() bool { return m.start.loaded })
	d.frame()
	return d
}

func openPerfStore(b *testing.B, path string) *catalog.Store {
	b.Helper()
	s, err := catalog.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	s.Actor, s.Source = "bench", "tui"
	return s
}

// perfOrg finds the organisation with the given number of services in the synthetic database.
func perfOrg(b *testing.B, s *catalog.Store, services int) int64 {
	b.Helper()
	name := synth.OrgName(0)
	if services != 64 {
		name = synth.BigOrgName
	}
	o, err := s.FindOrg(context.Background(), name)
	if err != nil {
		b.Fatal(err)
	}
	return o.ID
}

// openWorkspace opens an organisation and handles messages until its data is on screen.
func (d *perfDriver) openWorkspace(orgID int64, services int) {
	_, cmd := d.m.Update(openOrgMsg{OrgID: orgID})
	d.exec(cmd)
	d.until("organisation data", func() bool { return d.m.ws != nil && d.m.ws.data != nil })
	if len(d.m.ws.data.Cycle.Services) != services {
		d.b.Fatalf("workspace loaded %d services, want %d", len(d.m.ws.data.Cycle.Services), services)
	}
}

// BenchmarkStartupFirstFrame: open the database, build the model, Init, window size, the
// organisation list loaded (every organisation's latest maturity index), first frame.
func BenchmarkStartupFirstFrame(b *testing.B) {
	path := perfDB(b)
	orgs := synth.Default.Orgs + 1
	var samples synth.Samples
	b.ReportAllocs()
	for b.Loop() {
		samples.Start()
		s := openPerfStore(b, path)
		d := startModel(b, s)
		samples.Stop()
		b.StopTimer()
		d.settle()
		if len(d.m.start.orgs) != orgs || !strings.Contains(d.frame(), synth.OrgName(0)) {
			b.Fatalf("first frame does not list the %d organisations:\n%s", orgs, d.frame())
		}
		s.Close()
		b.StartTimer()
	}
	samples.Report(b)
}

// BenchmarkOpenOrgFirstFrame: from the organisation list to the Build tab drawn with the
// organisation's data (all its cycles loaded and evaluated).
func BenchmarkOpenOrgFirstFrame(b *testing.B) {
	for _, n := range []int{64, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := openPerfStore(b, perfDB(b))
			defer s.Close()
			d := startModel(b, s)
			id := perfOrg(b, s, n)
			var samples synth.Samples
			b.ReportAllocs()
			for b.Loop() {
				d.m.ws = nil
				samples.Start()
				d.openWorkspace(id, n)
				d.frame()
				samples.Stop()
				b.StopTimer()
				d.settle() // the other tabs' reads, before the next open
				b.StartTimer()
			}
			samples.Report(b)
		})
	}
}

// BenchmarkScoreKeyPress: one digit key on the Evaluate tab, through the whole path the user
// waits for: Update, the save committed, the reload and re-evaluation, the frame showing the new
// score (p50/p99-ms). The other tabs' reads that the save starts run alongside, as in the
// program; the settled-* metrics time the press until every command has finished.
func BenchmarkScoreKeyPress(b *testing.B) {
	for _, n := range []int{64, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := openPerfStore(b, perfDB(b))
			defer s.Close()
			d := startModel(b, s)
			d.settle()
			d.openWorkspace(perfOrg(b, s, n), n)
			d.settle()
			ws := d.m.ws
			ws.SelectTab(tabEvaluate)
			ev, ok := ws.tabs[tabEvaluate].(*evaluateTab)
			if !ok {
				b.Fatal("the third tab is not the Evaluate tab")
			}
			// Start a few rows down, away from the first category header.
			for range 3 {
				d.send(keyMsg("down"))
			}
			var samples, settled synth.Samples
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				sv, ok := ev.selected()
				if !ok {
					b.Fatal("no service selected")
				}
				v := 2
				if sv.Current != nil && *sv.Current == 2 {
					v = 3
				}
				shown := func() bool {
					got, _ := ws.data.Cycle.Service(sv.ID)
					return got.Current != nil && *got.Current == v
				}
				samples.Start()
				settled.Start()
				_, cmd := d.m.Update(keyMsg(fmt.Sprint(v)))
				d.exec(cmd)
				d.until(fmt.Sprintf("score %d of %s on screen", v, sv.ID), shown)
				d.frame()
				samples.Stop()
				d.settle()
				settled.Stop()
				b.StopTimer()
				if !shown() {
					b.Fatalf("press %d: %s does not show %d after every command finished", i, sv.ID, v)
				}
				// Move on every few presses, so the cursor is not always on one row.
				if i++; i%8 == 0 {
					d.send(keyMsg("down"))
				}
				b.StartTimer()
			}
			samples.Report(b)
			settled.ReportAs(b, "settled-")
		})
	}
}

// BenchmarkTableView: drawing one frame of the Build table, the Evaluate scoring table and the
// evaluation results, at 120x40.
func BenchmarkTableView(b *testing.B) {
	path := perfDB(b)
	s := openPerfStore(b, path)
	defer s.Close()
	for _, n := range []int{64, 1000} {
		for _, view := range []string{"build", "evaluate", "results"} {
			b.Run(fmt.Sprintf("%s-%d", view, n), func(b *testing.B) {
				d := startModel(b, s)
				d.settle()
				d.openWorkspace(perfOrg(b, s, n), n)
				d.settle()
				switch view {
				case "evaluate":
					d.m.ws.SelectTab(tabEvaluate)
				case "results":
					d.m.ws.SelectTab(tabEvaluate)
					d.send(keyMsg("r"))
				}
				b.ReportAllocs()
				cpu := synth.StartCPU()
				for b.Loop() {
					d.m.View()
				}
				cpu.Report(b)
				if !strings.Contains(d.frame(), d.m.ws.data.Org.Name) {
					b.Fatalf("frame does not show the organisation:\n%s", d.frame())
				}
			})
		}
	}
}
