import * as entry from "../../recipe/session";
export * from "../../recipe/session";
export default entry;
