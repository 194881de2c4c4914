import * as entry from "../../../recipe/passwordless/emaildelivery";
export * from "../../../recipe/passwordless/emaildelivery";
export default entry;
