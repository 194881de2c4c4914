/**
 * The two `InputReader`s: one over a parsed JSON body, one over a query string. Every failure
 * is a 400 naming the field in SuperTokens core's wording ("Field name 'userId' is invalid in
 * JSON input") followed by what was expected. Optional getters treat JSON null as absent
 * (the SDK sends null for "not given", e.g. `antiCsrfToken`).
 */
import { BadRequestError } from "./errors";
import type { InputReader } from "./route";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

/** Reader over a JSON body (`undefined` = no body: every field is missing). */
export class JsonBodyReader implements InputReader {
  private readonly fields: Record<string, unknown>;

  constructor(body: unknown) {
    this.fields = isObject(body) ? body : EMPTY;
  }

  private fail(name: string, expected: string): never {
    const present =
      Object.prototype.hasOwnProperty.call(this.fields, name) && this.fields[name] !== undefined;
    throw new BadRequestError(
      present
        ? `Field name '${name}' is invalid in JSON input: expected ${expected}`
        : `Field name '${name}' is missing in JSON input: expected ${expected}`,
    );
  }

  private value(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.fields, name) ? this.fields[name] : undefined;
  }

  string(name: string): string {
    const value = this.value(name);
    return typeof value === "string" ? value : this.fail(name, "a string");
  }
  optionalString(name: string): string | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : this.fail(name, "a string");
  }
  boolean(name: string): boolean {
    const value = this.value(name);
    return typeof value === "boolean" ? value : this.fail(name, "true or false");
  }
  optionalBoolean(name: string): boolean | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    return typeof value === "boolean" ? value : this.fail(name, "true or false");
  }
  number(name: string): number {
    const value = this.value(name);
    return typeof value === "number" && Number.isFinite(value) ? value : this.fail(name, "a number");
  }
  optionalNumber(name: string): number | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    return typeof value === "number" && Number.isFinite(value) ? value : this.fail(name, "a number");
  }
  object(name: string): Record<string, unknown> {
    const value = this.value(name);
    return isObject(value) ? value : this.fail(name, "a JSON object");
  }
  optionalObject(name: string): Record<string, unknown> | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    return isObject(value) ? value : this.fail(name, "a JSON object");
  }
  stringArray(name: string): string[] {
    const value = this.value(name);
    return isStringArray(value) ? value : this.fail(name, "an array of strings");
  }
  optionalStringArray(name: string): string[] | undefined {
    const value = this.value(name);
    if (value === undefined || value === null) return undefined;
    return isStringArray(value) ? value : this.fail(name, "an array of strings");
  }
  has(name: string): boolean {
    return this.value(name) !== undefined;
  }
  raw(name: string): unknown {
    return this.value(name);
  }
}

/**
 * Reader over a query string. Booleans are "true"/"false" (how the SDK encodes them, docs/protocol/cdi.md
 * §2); arrays are comma-separated (`includeRecipeIds=emailpassword,thirdparty`) or repeated.
 */
export class QueryReader implements InputReader {
  constructor(private readonly query: URLSearchParams) {}

  private fail(name: string, expected: string): never {
    throw new BadRequestError(
      this.query.has(name)
        ? `Field name '${name}' is invalid in GET request: expected ${expected}`
        : `Field name '${name}' is missing in GET request: expected ${expected}`,
    );
  }

  string(name: string): string {
    const value = this.query.get(name);
    return value !== null ? value : this.fail(name, "a string");
  }
  optionalString(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }
  boolean(name: string): boolean {
    const value = this.query.get(name);
    if (value === "true") return true;
    if (value === "false") return false;
    return this.fail(name, "'true' or 'false'");
  }
  optionalBoolean(name: string): boolean | undefined {
    return this.query.has(name) ? this.boolean(name) : undefined;
  }
  number(name: string): number {
    const value = this.query.get(name);
    const parsed = value === null || value.trim() === "" ? NaN : Number(value);
    return Number.isFinite(parsed) ? parsed : this.fail(name, "a number");
  }
  optionalNumber(name: string): number | undefined {
    return this.query.has(name) ? this.number(name) : undefined;
  }
  object(name: string): Record<string, unknown> {
    return this.fail(name, "a JSON object, which a query string cannot carry");
  }
  optionalObject(name: string): Record<string, unknown> | undefined {
    return this.query.has(name) ? this.object(name) : undefined;
  }
  stringArray(name: string): string[] {
    const values = this.query.getAll(name);
    if (values.length === 0) return this.fail(name, "a comma-separated list");
    const result: string[] = [];
    for (const value of values) {
      for (const item of value.split(",")) if (item !== "") result.push(item);
    }
    return result;
  }
  optionalStringArray(name: string): string[] | undefined {
    return this.query.has(name) ? this.stringArray(name) : undefined;
  }
  has(name: string): boolean {
    return this.query.has(name);
  }
  raw(name: string): unknown {
    return this.query.get(name) ?? undefined;
  }
}
