import * as framework from "../../framework/custom";
export * from "../../framework/custom";
export default framework;
