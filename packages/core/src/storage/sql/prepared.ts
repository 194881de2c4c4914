import { createHash } from "node:crypto";
import type { Compilable, CompiledQuery, Kysely, QueryResult, RawBuilder } from "kysely";
import type { Database } from "./schema";

/**
 * A query built and compiled by kysely once per engine, then run with new parameter values.
 * For the hot paths (refresh, verify, session create, passwordless sign-in): building and
 * compiling a kysely query costs ~10–30 µs per call, a noticeable share of a request beside
 * the RS256 signature. The template is compiled with marker strings in place of the
 * arguments; each compiled parameter that is a marker is replaced by its argument.
 *
 * With `{ named: true }`, on PostgreSQL the compiled text is also registered as a *named
 * prepared statement* (`namedStatementFor`, used by database.ts's pg client): each pooled
 * connection parses it once, and after five runs PostgreSQL reuses one *generic* plan instead of
 * planning every run. Measured here on the refresh statement (a CTE): ~65 µs of PostgreSQL CPU
 * instead of ~230–320 µs. A generic plan is only as good as the table statistics it was made
 * with; statistics.ts makes sure no core table goes without them for more than a moment, and
 * every ANALYZE makes PostgreSQL re-plan. Only statements that run on every request are named,
 * so the number of prepared statements per connection stays small and fixed.
 */
export function prepareQuery<Args extends unknown[], Row>(
  arity: Args["length"],
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row> | RawBuilder<Row>,
  options: { named?: boolean } = {},
): (db: Kysely<Database>, engine: string, ...args: Args) => Promise<QueryResult<Row>> {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000portcullis-argument-${i}\u0000`);
  const templates = new Map<string, { compiled: CompiledQuery<Row>; sources: number[] }>();

  function templateFor(db: Kysely<Database>, engine: string) {
    let template = templates.get(engine);
    if (template === undefined) {
      const built = build(db, ...(markers as Args));
      const compiled = (isRaw(built) ? built.compile(db) : built.compile()) as CompiledQuery<Row>;
      const sources = compiled.parameters.map((value) => {
        const index = markers.indexOf(value as string);
        if (index === -1) throw new Error(`prepared query has a constant parameter: ${compiled.sql}`);
        return index;
      });
      if (new Set(sources).size < arity)
        throw new Error(`prepared query leaves an argument unused: ${compiled.sql}`);
      if (options.named === true && engine === "postgresql") registerNamedStatement(compiled.sql);
      template = { compiled, sources };
      templates.set(engine, template);
    }
    return template;
  }

  return (db, engine, ...args) => {
    const { compiled, sources } = templateFor(db, engine);
    return db.executeQuery<Row>({ ...compiled, parameters: sources.map((index) => args[index]) });
  };
}

/**
 * `INSERT INTO <table> (<columns>) VALUES (…)` as a named statement: the row object must have
 * exactly these columns (checked on every call, so a new column cannot be silently dropped).
 */
export function prepareRowInsert<T extends keyof Database & string>(
  table: T,
  columns: readonly (keyof Database[T] & string)[],
): (
  db: Kysely<Database>,
  engine: string,
  row: Record<keyof Database[T] & string, unknown>,
) => Promise<QueryResult<unknown>> {
  const run = prepareQuery(
    columns.length,
    (db, ...values: unknown[]) =>
      db.insertInto(table).values(Object.fromEntries(columns.map((column, i) => [column, values[i]])) as any),
    { named: true },
  );
  return (db, engine, row) => {
    const keys = Object.keys(row);
    if (keys.length !== columns.length || columns.some((column) => !(column in row)))
      throw new Error(
        `insert into ${table}: expected the columns ${columns.join(", ")}, got ${keys.join(", ")}`,
      );
    return run(db, engine, ...columns.map((column) => (row as Record<string, unknown>)[column]));
  };
}

function isRaw<Row>(built: Compilable<Row> | RawBuilder<Row>): built is RawBuilder<Row> {
  return (built as RawBuilder<Row>).isRawBuilder === true;
}

const namedStatements = new Map<string, string>();

function registerNamedStatement(sqlText: string): void {
  if (namedStatements.has(sqlText)) return;
  // The name depends only on the text: every connection, and every core process sharing a
  // PostgreSQL server, gives one text one name.
  const digest = createHash("sha256").update(sqlText).digest("hex").slice(0, 24);
  namedStatements.set(sqlText, `portcullis_${digest}`);
}

/** The prepared-statement name of a `prepareQuery` template's SQL text, if it is one. */
export function namedStatementFor(sqlText: string): string | undefined {
  return namedStatements.get(sqlText);
}
