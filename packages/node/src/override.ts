/**
 * The override pattern (docs/protocol/sdk-surface.md §1.5): `new OverrideableBuilder(original).override(fn).build()`.
 * - each layer receives a stand-in for the layer below (its functions call that layer);
 * - a key set to `undefined` disables the function (for an API: the endpoint is off);
 * - every function runs with `this` = the final object, so a recipe's internal `this.x()`
 *   goes through the user's overrides.
 */
type AnyRecord = Record<string, any>;
export type OverrideFunction<T extends AnyRecord> = (
  originalImplementation: T,
  builder: OverrideableBuilder<T>,
) => T;

export default class OverrideableBuilder<T extends AnyRecord> {
  private readonly layers: OverrideFunction<T>[] = [];

  constructor(private readonly original: T) {}

  override(layer: OverrideFunction<T> | undefined): this {
    if (layer !== undefined) this.layers.push(layer);
    return this;
  }

  build(): T {
    const final = {} as T;
    let below = this.original;
    for (const layer of this.layers) below = layer(standIn(below, final), this);
    for (const key of Object.keys(below) as Array<keyof T>) {
      const value = below[key];
      final[key] = (typeof value === "function" ? value.bind(final) : value) as T[keyof T];
    }
    return final;
  }
}

/** A copy of `layer` whose functions call `layer`'s own, with `this` = the final object. */
function standIn<T extends AnyRecord>(layer: T, final: T): T {
  const copy = {} as T;
  for (const key of Object.keys(layer) as Array<keyof T>) {
    const value = layer[key];
    copy[key] = (
      typeof value === "function" ? (...args: unknown[]) => value.apply(final, args) : value
    ) as T[keyof T];
  }
  return copy;
}
