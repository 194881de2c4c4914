import * as entry from "../../recipe/passwordless";
export * from "../../recipe/passwordless";
export default entry;
