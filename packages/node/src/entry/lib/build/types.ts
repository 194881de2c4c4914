export type * from "../../../types";
