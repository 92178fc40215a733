interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Items arriving together, handed to `commit` as one batch: as soon as
 * `maxItems` wait, or `windowMs` after the first of them arrived. Each caller
 * gets its own item's result once the whole batch is committed. Batches commit
 * concurrently; a new one starts collecting while the last is in flight.
 */
export class GroupCommit<T, R> {
  private waiting: Array<Waiting<T, R>> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Resolves with one result per item, in the items' order. */
    private readonly commit: (items: T[]) => Promise<R[]>,
    private readonly maxItems: number,
    private readonly windowMs: number,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.commit(batch.map((waiting) => waiting.item)).then(
      (results) => batch.forEach((waiting, i) => waiting.resolve(results[i])),
      (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
    );
  }
}
