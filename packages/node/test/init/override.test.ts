import { describe, expect, it } from "vitest";
import OverrideableBuilder from "../../src/override";

interface Functions {
  greet(input: { name: string }): string;
  shout(input: { name: string }): string;
  signUpPOST: ((input: object) => string) | undefined;
}

function original(): Functions {
  return {
    greet({ name }) {
      return `hello ${name}`;
    },
    shout(this: Functions, input) {
      // Internal call through `this`: must reach the user's override.
      return this.greet(input).toUpperCase();
    },
    signUpPOST: () => "signed up",
  };
}

describe("OverrideableBuilder", () => {
  it("returns the original functions when nothing is overridden", () => {
    expect(new OverrideableBuilder(original()).build().greet({ name: "a" })).toBe("hello a");
  });

  it("gives each layer the layer below", () => {
    const built = new OverrideableBuilder(original())
      .override((below) => ({ ...below, greet: (input) => `${below.greet(input)}!` }))
      .override((below) => ({ ...below, greet: (input) => `<${below.greet(input)}>` }))
      .build();
    expect(built.greet({ name: "a" })).toBe("<hello a!>");
  });

  it("binds this to the final object, so internal calls go through overrides", () => {
    const built = new OverrideableBuilder(original())
      .override((below) => ({ ...below, greet: () => "overridden" }))
      .build();
    expect(built.shout({ name: "a" })).toBe("OVERRIDDEN");
  });

  it("disables a function set to undefined", () => {
    const built = new OverrideableBuilder(original())
      .override((below) => ({ ...below, signUpPOST: undefined }))
      .build();
    expect(built.signUpPOST).toBeUndefined();
  });

  it("skips an undefined override", () => {
    expect(new OverrideableBuilder(original()).override(undefined).build().greet({ name: "b" })).toBe(
      "hello b",
    );
  });
});
