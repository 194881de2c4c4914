// supertokens-node deep import `lib/build/supertokens` (tests call `SuperTokens.reset()` through it).
import SuperTokens from "../../../supertokens";
export default SuperTokens;
