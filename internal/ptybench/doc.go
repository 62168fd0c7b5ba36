// Package ptybench measures what a user of the terminal interface gets: the real cdc binary
// runs in a pseudo-terminal, its output is drawn by a terminal emulator, and a key press is
// timed until the frame that shows its result is on the emulated screen. Renderer ticks,
// output and parsing are all inside the measurement. Everything is in its benchmarks; see
// BENCHMARKS.md and scripts/bench.sh.
package ptybench
