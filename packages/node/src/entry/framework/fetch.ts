import * as framework from "../../framework/fetch";
export * from "../../framework/fetch";
export default framework;
