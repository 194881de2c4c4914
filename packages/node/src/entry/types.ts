/**
 * Public path `@portcullis/node/types` (and `lib/build/types`): every name supertokens-node's
 * `types` module exports (docs/protocol/sdk-surface.md §1.1), so override and plugin code copied
 * from SuperTokens' docs compiles. Most names are our own types; the few that only this path
 * needs are declared here.
 *
 * Differences a reader may meet: `NormalisedAppinfo` carries strings where supertokens-node has
 * `NormalisedURLDomain`/`NormalisedURLPath` objects; `UserContext` is not branded; `User` is
 * the class `getUser` returns; `AllRecipeConfigs` lists only the recipes this SDK has.
 *
 * Like supertokens-node's, this module has no `default` at runtime: its stub copies the named
 * exports only.
 */
import type { SdkRequest, SdkResponse } from "../framework/types";
import type { TypeInput as PasswordlessTypeInput } from "../recipe/passwordless/types";
import type {
  SessionContainerInterface,
  TypeInput as SessionTypeInput,
  VerifySessionOptions,
} from "../recipe/session/types";
import type { JSONObject, JSONValue, NormalisedAppInfo, SuperTokensInfo, TypeInput } from "../types";
import type { UserContext } from "../user-context";

export type * from "../types";
export type { User } from "../user";
export type { APIHandled, RecipeListFunction } from "../recipe-module";
export type { GeneralErrorResponse } from "../recipe/session/types";

export type NormalisedAppinfo = NormalisedAppInfo;
export type NetworkInterceptor = NonNullable<SuperTokensInfo["networkInterceptor"]>;
export type HTTPMethod = "post" | "get" | "delete" | "put" | "patch" | "options" | "trace";
export type JSONArray = JSONValue[];

export type NonNullableProperties<T> = { [P in keyof T]: NonNullable<T[P]> };
export type Entries<T> = { [K in keyof T]-?: [K, T[K]] }[keyof T][];

/** The config properties plugins are not shown (`SuperTokensPublicConfig` is the rest). */
export const nonPublicConfigProperties = ["recipeList", "experimental"] as const;
export type NonPublicConfigPropertiesType = (typeof nonPublicConfigProperties)[number];
export type SuperTokensConfigWithNormalisedAppInfo = Omit<TypeInput, "appInfo"> & {
  appInfo: NormalisedAppinfo;
};
export type SuperTokensPublicConfig = Omit<TypeInput, NonPublicConfigPropertiesType | "appInfo"> & {
  appInfo: NormalisedAppinfo;
};

/** Each recipe's `init` config, keyed by recipe id (the recipes this SDK has). */
export interface AllRecipeConfigs {
  session: SessionTypeInput;
  passwordless: PasswordlessTypeInput;
}

export type RecipePluginOverride<T extends keyof AllRecipeConfigs> = {
  functions?: NonNullable<AllRecipeConfigs[T]["override"]>["functions"];
  apis?: NonNullable<AllRecipeConfigs[T]["override"]>["apis"];
  config?: (config: AllRecipeConfigs[T]) => AllRecipeConfigs[T];
};

export interface PluginRouteHandler {
  method: HTTPMethod;
  path: string;
  verifySessionOptions?: VerifySessionOptions;
  handler: (
    req: SdkRequest,
    res: SdkResponse,
    session: SessionContainerInterface | undefined,
    userContext: UserContext,
  ) => Promise<{ status: number; body: JSONObject } | null>;
}

type PluginSetupResult<T> = ({ status: "OK" } & T) | { status: "ERROR"; message: string };

/**
 * The shape of supertokens-node's experimental plugin API (`init({experimental: {plugins}})`), so
 * plugin code compiles. `init` does not run plugins yet.
 */
export interface SuperTokensPlugin {
  id: string;
  version?: string;
  compatibleSDKVersions?: string | string[];
  init?: (config: SuperTokensPublicConfig, allPlugins: SuperTokensPublicPlugin[], sdkVersion: string) => void;
  dependencies?: (
    config: SuperTokensPublicConfig,
    pluginsAbove: SuperTokensPublicPlugin[],
    sdkVersion: string,
  ) => PluginSetupResult<{ pluginsToAdd?: SuperTokensPlugin[] }>;
  overrideMap?: {
    [recipeId in keyof AllRecipeConfigs]?: RecipePluginOverride<recipeId> & {
      recipeInitRequired?: boolean | ((sdkVersion: string) => boolean);
    };
  };
  routeHandlers?:
    | ((
        config: SuperTokensPublicConfig,
        allPlugins: SuperTokensPublicPlugin[],
        sdkVersion: string,
      ) => PluginSetupResult<{ routeHandlers: PluginRouteHandler[] }>)
    | PluginRouteHandler[];
  config?: (config: SuperTokensPublicConfig) => Omit<SuperTokensPublicConfig, "appInfo"> | undefined;
  exports?: Record<string, unknown>;
}

export type SuperTokensPublicPlugin = Pick<
  SuperTokensPlugin,
  "id" | "version" | "compatibleSDKVersions" | "exports"
> & {
  initialized: boolean;
};
