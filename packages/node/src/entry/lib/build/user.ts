export { User, LoginMethod } from "../../../user";
export type { UserJSON as UserWithoutHelperFunctions } from "../../../user";
