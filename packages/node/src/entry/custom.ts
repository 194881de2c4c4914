import * as custom from "../custom";
export * from "../custom";
export default custom;
