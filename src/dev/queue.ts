// The watch loop's queue: changes that arrive while a rebuild runs wait for it and are rebuilt
// together afterwards, so a burst of saves costs at most two rebuilds and the last save always wins.
// Pure state and promises: no timers, no file system.

export class RebuildQueue<T> {
  private pending = new Set<T>();
  private running: Promise<void> | undefined;

  /** `failed` hears about a rebuild that threw; the queue goes on with the next changes. */
  constructor(
    private readonly rebuild: (items: Set<T>) => Promise<void>,
    private readonly failed: (error: unknown) => void = () => undefined,
  ) {}

  add(item: T): Promise<void> {
    this.pending.add(item);
    this.running ??= this.drain();
    return this.running;
  }

  /** Whether a change to `item` waits for the rebuild running now: that rebuild is out of date. */
  has(item: T): boolean {
    return this.pending.has(item);
  }

  /** Resolves when nothing is pending or running. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size) {
        const items = this.pending;
        this.pending = new Set();
        try {
          await this.rebuild(items);
        } catch (e) {
          this.failed(e);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
