import { describe, expect, it } from "vitest";
import { Batcher } from "../../src/storage/sql/batcher";
import { retryableAlone } from "../../src/storage/sql/sessions";

interface Call {
  key: string;
  value: number;
}

/** A batcher whose statements are held open until the test releases them. */
function heldBatcher(options: { maxBatchSize: number; maxInFlight: number }) {
  const batches: Call[][] = [];
  const releases: Array<(fail?: Error) => void> = [];
  const batcher = new Batcher<Call, number>(
    (inputs) => {
      batches.push(inputs);
      return new Promise((resolve, reject) => {
        releases.push((fail) => (fail ? reject(fail) : resolve(inputs.map((input) => input.value * 10))));
      });
    },
    { ...options, key: (input) => input.key },
  );
  return { batcher, batches, releases };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("Batcher", () => {
  it("sends the calls of one event-loop turn as one batch and answers each its own output", async () => {
    const { batcher, batches, releases } = heldBatcher({ maxBatchSize: 10, maxInFlight: 1 });
    const answers = [1, 2, 3].map((value) => batcher.submit({ key: `k${value}`, value }));
    await turn();
    expect(batches).toEqual([
      [
        { key: "k1", value: 1 },
        { key: "k2", value: 2 },
        { key: "k3", value: 3 },
      ],
    ]);
    releases[0]();
    expect(await Promise.all(answers)).toEqual([10, 20, 30]);
  });

  it("does not answer before the batch's statement has finished", async () => {
    const { batcher, releases } = heldBatcher({ maxBatchSize: 10, maxInFlight: 1 });
    let answered = false;
    const answer = batcher.submit({ key: "a", value: 1 }).then((value) => {
      answered = true;
      return value;
    });
    await turn();
    await turn();
    expect(answered).toBe(false);
    releases[0]();
    expect(await answer).toBe(10);
  });

  it("queues calls while maxInFlight batches run, then sends them together", async () => {
    const { batcher, batches, releases } = heldBatcher({ maxBatchSize: 10, maxInFlight: 1 });
    const first = batcher.submit({ key: "a", value: 1 });
    await turn();
    const queued = [2, 3, 4].map((value) => batcher.submit({ key: `k${value}`, value }));
    await turn();
    await turn();
    expect(batches).toHaveLength(1);
    releases[0]();
    expect(await first).toBe(10);
    await turn();
    expect(batches[1].map((call) => call.value)).toEqual([2, 3, 4]);
    releases[1]();
    expect(await Promise.all(queued)).toEqual([20, 30, 40]);
  });

  it("runs up to maxInFlight batches at once, each at most maxBatchSize calls", async () => {
    const { batcher, batches, releases } = heldBatcher({ maxBatchSize: 2, maxInFlight: 2 });
    const answers = [1, 2, 3, 4, 5].map((value) => batcher.submit({ key: `k${value}`, value }));
    await turn();
    expect(batches.map((batch) => batch.map((call) => call.value))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    releases[0]();
    await turn();
    expect(batches[2].map((call) => call.value)).toEqual([5]);
    releases[1]();
    releases[2]();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40, 50]);
  });

  it("never puts two calls with the same key into one batch; the later one keeps its order", async () => {
    const { batcher, batches, releases } = heldBatcher({ maxBatchSize: 10, maxInFlight: 1 });
    const answers = [
      batcher.submit({ key: "same", value: 1 }),
      batcher.submit({ key: "other", value: 2 }),
      batcher.submit({ key: "same", value: 3 }),
      batcher.submit({ key: "third", value: 4 }),
    ];
    await turn();
    // Sorted by key: "other", "same", "third".
    expect(batches[0].map((call) => call.value)).toEqual([2, 1, 4]);
    releases[0]();
    await Promise.all(answers.filter((_, i) => i !== 2));
    await turn();
    expect(batches[1].map((call) => call.value)).toEqual([3]);
    releases[1]();
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40]);
  });

  it("hands each batch to run sorted by key, so concurrent statements lock rows in one order", async () => {
    const { batcher, batches, releases } = heldBatcher({ maxBatchSize: 10, maxInFlight: 1 });
    const answers = ["c", "a", "d", "b"].map((key, i) => batcher.submit({ key, value: i }));
    await turn();
    expect(batches[0].map((call) => call.key)).toEqual(["a", "b", "c", "d"]);
    releases[0]();
    // Each caller still gets its own output.
    expect(await Promise.all(answers)).toEqual([0, 10, 20, 30]);
  });

  it("rejects every call of a failed batch, and later batches still run", async () => {
    const { batcher, batches, releases } = heldBatcher({ maxBatchSize: 2, maxInFlight: 1 });
    const failed = [1, 2].map((value) => batcher.submit({ key: `k${value}`, value }));
    const later = batcher.submit({ key: "k3", value: 3 });
    await turn();
    releases[0](new Error("connection terminated"));
    for (const answer of failed) await expect(answer).rejects.toThrow("connection terminated");
    await turn();
    expect(batches[1].map((call) => call.value)).toEqual([3]);
    releases[1]();
    expect(await later).toBe(30);
  });

  describe("retryAlone", () => {
    /** A statement that fails as a whole when any input is "bad", as PostgreSQL would. */
    function strictBatcher(retryAlone: (error: unknown) => boolean) {
      const runs: string[][] = [];
      const batcher = new Batcher<Call, number>(
        async (inputs) => {
          runs.push(inputs.map((input) => input.key));
          const bad = inputs.find((input) => input.key.startsWith("bad"));
          if (bad) throw Object.assign(new Error(`value too long: ${bad.key}`), { code: "22001" });
          return inputs.map((input) => input.value);
        },
        { maxBatchSize: 10, maxInFlight: 1, key: (input) => input.key, retryAlone },
      );
      return { batcher, runs };
    }

    it("runs each call alone after a data error, so only the bad call fails", async () => {
      const { batcher, runs } = strictBatcher((error) => (error as { code?: string }).code === "22001");
      const answers = ["a", "bad-1", "b"].map((key, value) => batcher.submit({ key, value }));
      const settled = await Promise.allSettled(answers);
      expect(settled.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((settled[0] as PromiseFulfilledResult<number>).value).toBe(0);
      expect((settled[2] as PromiseFulfilledResult<number>).value).toBe(2);
      expect(String((settled[1] as PromiseRejectedResult).reason)).toContain("value too long: bad-1");
      expect(runs).toEqual([["a", "b", "bad-1"], ["a"], ["b"], ["bad-1"]]);
    });

    it("rejects the whole batch without retrying when the error is not one it accepts", async () => {
      const { batcher, runs } = strictBatcher(() => false);
      const settled = await Promise.allSettled(
        ["a", "bad-1"].map((key, value) => batcher.submit({ key, value })),
      );
      expect(settled.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
      expect(runs).toHaveLength(1);
    });
  });

  it("rejects a batch whose statement answers the wrong number of results", async () => {
    const batcher = new Batcher<Call, number>(async () => [1], {
      maxBatchSize: 10,
      maxInFlight: 1,
      key: (input) => input.key,
    });
    const answers = [batcher.submit({ key: "a", value: 1 }), batcher.submit({ key: "b", value: 2 })];
    for (const answer of answers) await expect(answer).rejects.toThrow("1 results for 2 calls");
  });

  it("refuses a maxBatchSize or maxInFlight below 1", () => {
    expect(() => new Batcher(async () => [], { maxBatchSize: 0, maxInFlight: 1, key: String })).toThrow();
    expect(() => new Batcher(async () => [], { maxBatchSize: 1, maxInFlight: 0, key: String })).toThrow();
  });
});

describe("retryableAlone (the session stores' choice of errors to retry call by call)", () => {
  it.each([
    ["22001", "value too long", true],
    ["23505", "unique violation", true],
    ["40P01", "deadlock detected", true],
    ["40001", "serialization failure", true],
    ["08006", "connection failure", false],
    ["57P01", "administrator shutdown", false],
    ["ECONNREFUSED", "connection refused", false],
  ])("SQLSTATE %s (%s): %s", (code, _meaning, expected) => {
    expect(retryableAlone(Object.assign(new Error("x"), { code }))).toBe(expected);
  });

  it("is false for errors without a code and for non-objects", () => {
    expect(retryableAlone(new Error("x"))).toBe(false);
    expect(retryableAlone("22001")).toBe(false);
    expect(retryableAlone(null)).toBe(false);
  });
});
