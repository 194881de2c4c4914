/**
 * Group commit for one kind of small, independent write: the calls that arrive while the
 * event loop handles one round of I/O, or while earlier batches are still running, are sent to
 * the database as one statement. Each call's promise settles only after that statement has
 * committed (or failed), so no caller is answered before its write is durable.
 *
 * Why: on PostgreSQL a refresh is one statement of ~10 µs of real work, wrapped in a network
 * round trip, a Bind/Execute, a commit and a WAL flush (fdatasync) that cost far more, on both
 * sides of the socket. A batch of n refreshes pays those once. Under light load a batch holds
 * one call and the only delay is the rest of the current event-loop turn (`setImmediate`).
 *
 * Calls with the same key never share a batch (the later one waits for the next batch), so a
 * statement never sees two writes to the same row and each call's outcome is the one it would
 * have had alone. Each batch reaches `run` sorted by key: statements that lock their rows in
 * input order then all lock in one global order, so two concurrent batches cannot deadlock
 * each other.
 */
export interface BatcherOptions<Input> {
  /** Calls per statement. */
  maxBatchSize: number;
  /** Statements running at once (each holds one pooled connection). */
  maxInFlight: number;
  key: (input: Input) => string;
  /**
   * When a statement of several calls fails with an error this accepts (one caused by an
   * input's data, say, not by the connection), each call runs again alone, so a bad input
   * fails only its own call. Safe because the failed statement changed nothing.
   */
  retryAlone?: (error: unknown) => boolean;
}

interface Pending<Input, Output> {
  input: Input;
  key: string;
  resolve: (output: Output) => void;
  reject: (error: unknown) => void;
}

export class Batcher<Input, Output> {
  private queue: Pending<Input, Output>[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  /** `run` answers one output per input, in input order, from one statement. */
  constructor(
    private readonly run: (inputs: Input[]) => Promise<Output[]>,
    private readonly options: BatcherOptions<Input>,
  ) {
    if (!(options.maxBatchSize >= 1 && options.maxInFlight >= 1))
      throw new Error("Batcher: maxBatchSize and maxInFlight must be at least 1");
  }

  submit(input: Input): Promise<Output> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, key: this.options.key(input), resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After the current I/O round: the requests parsed in it join one batch.
        setImmediate(() => {
          this.flushScheduled = false;
          this.dispatch();
        });
      }
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch: Pending<Input, Output>[] = [];
      const later: Pending<Input, Output>[] = [];
      const keys = new Set<string>();
      for (const pending of this.queue) {
        if (batch.length < this.options.maxBatchSize && !keys.has(pending.key)) {
          keys.add(pending.key);
          batch.push(pending);
        } else {
          later.push(pending);
        }
      }
      this.queue = later;
      batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.inFlight++;
      void this.runBatch(batch);
    }
  }

  private async runBatch(batch: Pending<Input, Output>[]): Promise<void> {
    try {
      const outputs = await this.runChecked(batch);
      batch.forEach((pending, i) => pending.resolve(outputs[i]));
    } catch (error) {
      if (batch.length > 1 && this.options.retryAlone?.(error) === true) {
        await Promise.all(
          batch.map((pending) =>
            this.runChecked([pending]).then(([output]) => pending.resolve(output), pending.reject),
          ),
        );
      } else {
        for (const pending of batch) pending.reject(error);
      }
    } finally {
      this.inFlight--;
      this.dispatch();
    }
  }

  private async runChecked(batch: Pending<Input, Output>[]): Promise<Output[]> {
    const outputs = await this.run(batch.map((pending) => pending.input));
    if (outputs.length !== batch.length)
      throw new Error(`batched statement answered ${outputs.length} results for ${batch.length} calls`);
    return outputs;
  }
}
