import SuperTokensError from "../../../error";
export { SuperTokensPluginError } from "../../../error";
export default SuperTokensError;
