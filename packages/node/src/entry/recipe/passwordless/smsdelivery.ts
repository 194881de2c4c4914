import * as entry from "../../../recipe/passwordless/smsdelivery";
export * from "../../../recipe/passwordless/smsdelivery";
export default entry;
