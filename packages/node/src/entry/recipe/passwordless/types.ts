// Public path `@portcullis/node/recipe/passwordless/types` (docs/protocol/sdk-surface.md §1.5, §1.7): the types
// override code names (`RecipeInterface`, `APIInterface`, `APIOptions`, …). Like supertokens-node's, no runtime
// `default`: the module is types only.
export type * from "../../../recipe/passwordless/types";
