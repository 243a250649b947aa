/**
 * Gathers the calls made in the same turn of the event loop into one: under load, requests
 * that arrive together share one database round trip (one session lookup, one insert of
 * several contacts) instead of one each; alone, a call waits for nothing but the next
 * `setImmediate`. `run` answers the batch in order, one result or one Error per item; if it
 * throws, every item of the batch gets that error.
 */
export class MicroBatcher<I, O> {
  private pending: { item: I; resolve: (value: O) => void; reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<(O | Error)[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length) {
      const batch = this.pending.splice(0, this.maxBatch);
      void this.run(batch.map((p) => p.item)).then(
        (results) => {
          batch.forEach((p, i) => {
            const result = results[i];
            if (result instanceof Error) p.reject(result);
            else if (i >= results.length) p.reject(new Error('MicroBatcher: the batch answered fewer items than it was given'));
            else p.resolve(result);
          });
        },
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      );
    }
  }
}
