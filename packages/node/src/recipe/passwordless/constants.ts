/** docs/protocol/fdi.md §6 paths (after apiBasePath and the optional tenant prefix). */
export const PASSWORDLESS_RECIPE_ID = "passwordless";

export const CREATE_CODE_API = "/signinup/code";
export const RESEND_CODE_API = "/signinup/code/resend";
export const CONSUME_CODE_API = "/signinup/code/consume";
export const DOES_EMAIL_EXIST_API = "/passwordless/email/exists";
/** Lower-case `phonenumber`, as web-js and node send it (docs/protocol/fdi.md §10.1), not the spec's. */
export const DOES_PHONE_NUMBER_EXIST_API = "/passwordless/phonenumber/exists";
/** Deprecated (docs/protocol/fdi.md §6), shared with emailpassword's; `rid: passwordless` picks ours. */
export const DOES_EMAIL_EXIST_API_OLD = "/signup/email/exists";
export const DOES_PHONE_NUMBER_EXIST_API_OLD = "/signup/phonenumber/exists";

export const CONTACT_METHODS = ["PHONE", "EMAIL", "EMAIL_OR_PHONE"] as const;
export const FLOW_TYPES = ["USER_INPUT_CODE", "MAGIC_LINK", "USER_INPUT_CODE_AND_MAGIC_LINK"] as const;

/** Tries at a fresh code when a custom `getCustomUserInputCode` repeats one (resend). */
export const MAX_NEW_CODE_ATTEMPTS = 5;
