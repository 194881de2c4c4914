export type * from "../types";
