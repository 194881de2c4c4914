import * as framework from "../framework";
export * from "../framework";
export default framework;
