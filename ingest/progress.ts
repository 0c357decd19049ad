/** Progress on long runs: one line at most every `intervalMs`, rewritten in place on a terminal. */
export class Progress {
  private last = 0;
  private readonly tty: boolean;
  private readonly started = Date.now();

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 1000,
    private readonly quiet = false,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  /** Elapsed seconds since the run started. */
  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  update(message: () => string, force = false): void {
    if (this.quiet) return;
    const now = Date.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    if (this.tty) this.out.write(`\r\x1b[K${message()}`);
    else this.out.write(`${message()}\n`);
  }

  /**
   * The last word of a run: when a progress line was shown, it is shown once more with the final
   * figures (a line written before the last second of the run would otherwise stay stale).
   */
  final(message: () => string): void {
    if (this.last > 0) this.update(message, true);
  }

  /** Ends the in-place line so normal output starts on a fresh one. */
  done(): void {
    if (!this.quiet && this.tty && this.last > 0) this.out.write('\n');
  }
}

export const fmt = (n: number) => n.toLocaleString('en-US');
