import { describe, expect, it } from "vitest";
import { parseConnection } from "../../src/normalise/connection";
import { topLevelDomainOf } from "../../src/normalise/top-level-domain";
import { normaliseURLDomain } from "../../src/normalise/url-domain";
import { normaliseURLPath } from "../../src/normalise/url-path";

describe("normaliseURLDomain", () => {
  it.each([
    ["localhost:3000", "http://localhost:3000"],
    ["127.0.0.1:8080", "http://127.0.0.1:8080"],
    ["api.example.com", "https://api.example.com"],
    ["API.Example.com/", "https://api.example.com"],
    ["https://api.example.com/some/path?x=1", "https://api.example.com"],
    ["http://api.example.com:8080/", "http://api.example.com:8080"],
    ["  https://a.com  ", "https://a.com"],
    [".example.com", "https://example.com"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseURLDomain(input)).toBe(expected);
  });

  it.each(["/auth", "example", ""])("rejects %j", (input) => {
    expect(normaliseURLDomain(input)).toBeUndefined();
  });
});

describe("normaliseURLPath", () => {
  it.each([
    ["/auth", "/auth"],
    ["/auth/", "/auth"],
    ["/", ""],
    ["", ""],
    ["/a b", "/a%20b"],
    ["https://example.com/api/auth/", "/api/auth"],
  ])("%j → %j", (input, expected) => {
    expect(normaliseURLPath(input)).toBe(expected);
  });

  it("refuses a relative path", () => {
    expect(normaliseURLPath("auth")).toBeUndefined();
  });
});

describe("topLevelDomainOf", () => {
  it.each([
    ["https://api.example.com", "example.com"],
    ["https://a.example.co.uk", "example.co.uk"],
    ["http://localhost:3000", "localhost"],
    ["http://127.0.0.1:3000", "localhost"],
  ])("%s → %s", (input, expected) => {
    expect(topLevelDomainOf(input)).toBe(expected);
  });
});

describe("parseConnection", () => {
  it("defaults to the embedded SQLite file", () => {
    expect(parseConnection(undefined)).toMatchObject({
      transport: "embedded",
      storage: { sqlite_path: "./.portcullis/auth.db" },
    });
  });

  it("splits hosts on ';', trims them and keeps each base path", () => {
    const connection = parseConnection({
      connectionURI: " http://a:3567 ; ;https://b.example.com/appid-x/ ;localhost:3568",
    });
    expect(connection).toMatchObject({
      transport: "http",
      hosts: [
        { domain: "http://a:3567", basePath: "" },
        { domain: "https://b.example.com", basePath: "/appid-x" },
        { domain: "http://localhost:3568", basePath: "" },
      ],
    });
  });

  it.each([
    ["sqlite:./data/auth.db", { sqlite_path: "./data/auth.db" }],
    ["sqlite:/var/lib/auth.db", { sqlite_path: "/var/lib/auth.db" }],
    ["memory:", { sqlite_path: ":memory:" }],
    ["postgres://u@h/db", { postgresql_connection_uri: "postgres://u@h/db" }],
    ["postgresql://u@h:5432/db", { postgresql_connection_uri: "postgresql://u@h:5432/db" }],
  ])("reads %s as an embedded database", (connectionURI, storage) => {
    expect(parseConnection({ connectionURI })).toMatchObject({ transport: "embedded", storage });
  });

  it("keeps embedded core options", () => {
    expect(
      parseConnection({
        connectionURI: "memory:",
        core: { access_token_validity: 60 },
        coreConfigFile: "./c.yaml",
      }),
    ).toMatchObject({
      core: { access_token_validity: 60 },
      coreConfigFile: "./c.yaml",
    });
  });
});
