import * as entry from "../../../recipe/session/claims";
export * from "../../../recipe/session/claims";
export default entry;
