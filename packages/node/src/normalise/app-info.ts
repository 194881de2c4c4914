import type { AppInfo, NormalisedAppInfo } from "../types";
import { configError } from "./config-error";
import { topLevelDomainOf } from "./top-level-domain";
import { normaliseURLDomain } from "./url-domain";
import { normaliseURLPath } from "./url-path";

const DEFAULT_API_BASE_PATH = "/auth";
const DEFAULT_WEBSITE_BASE_PATH = "/auth";

/** Validates `appInfo` once at init and turns it into the shape recipes use (docs/protocol/sdk-surface.md §1.2). */
export function normaliseAppInfo(appInfo: AppInfo | undefined): NormalisedAppInfo {
  if (appInfo === null || typeof appInfo !== "object") {
    throw configError(
      "appInfo is required, e.g. appInfo: { appName: 'My app', apiDomain: 'http://localhost:3001', websiteDomain: 'http://localhost:3000' }",
    );
  }
  if (typeof appInfo.appName !== "string" || appInfo.appName.trim() === "") {
    throw configError(`appInfo.appName must be a non-empty string (got ${describe(appInfo.appName)})`);
  }
  const apiDomain = domainOption("apiDomain", appInfo.apiDomain);

  const { websiteDomain, origin } = appInfo;
  if (websiteDomain === undefined && origin === undefined) {
    throw configError(
      "appInfo needs websiteDomain (or origin): the address of your frontend, e.g. 'http://localhost:3000'",
    );
  }
  let getOrigin: NormalisedAppInfo["getOrigin"];
  if (typeof origin === "function") {
    getOrigin = (input) => {
      const value = origin(input);
      const normalised = typeof value === "string" ? normaliseURLDomain(value) : undefined;
      if (normalised === undefined) {
        throw new Error(
          `appInfo.origin() must return a domain like 'https://example.com' (got ${describe(value)})`,
        );
      }
      return normalised;
    };
  } else {
    const fixed =
      origin !== undefined ? domainOption("origin", origin) : domainOption("websiteDomain", websiteDomain);
    getOrigin = () => fixed;
  }

  const apiGatewayPath = pathOption("apiGatewayPath", appInfo.apiGatewayPath, "");
  const apiBasePath = pathOption("apiBasePath", appInfo.apiBasePath, DEFAULT_API_BASE_PATH);
  const websiteBasePath = pathOption("websiteBasePath", appInfo.websiteBasePath, DEFAULT_WEBSITE_BASE_PATH);

  return {
    appName: appInfo.appName,
    apiDomain,
    getOrigin,
    apiBasePath: apiGatewayPath + apiBasePath,
    apiGatewayPath,
    websiteBasePath,
    topLevelAPIDomain: topLevelDomainOf(apiDomain),
    getTopLevelWebsiteDomain: (input) => topLevelDomainOf(getOrigin(input)),
  };
}

function domainOption(name: string, value: unknown): string {
  const normalised = typeof value === "string" ? normaliseURLDomain(value) : undefined;
  if (normalised === undefined) {
    throw configError(
      `appInfo.${name} must be a domain like 'https://api.example.com' or 'localhost:3000' (got ${describe(value)})`,
    );
  }
  return normalised;
}

function pathOption(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string")
    throw configError(`appInfo.${name} must be a string (got ${describe(value)})`);
  const normalised = normaliseURLPath(value);
  if (normalised === undefined) throw configError(`appInfo.${name} must start with '/' (got '${value}')`);
  return normalised;
}

export function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return "a function";
  return JSON.stringify(value) ?? String(value);
}
