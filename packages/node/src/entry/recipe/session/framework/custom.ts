// Public path `@portcullis/node/recipe/session/framework/custom`.
import * as framework from "../../../../recipe/session/framework/custom";
export * from "../../../../recipe/session/framework/custom";
export default framework;
