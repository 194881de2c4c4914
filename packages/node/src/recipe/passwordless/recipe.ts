import { buildEmailDelivery, buildSmsDelivery } from "../../delivery/ingredient";
import type { EmailDeliveryIngredient, SmsDeliveryIngredient } from "../../delivery/types";
import SuperTokensError from "../../error";
import type { SdkRequest, SdkResponse } from "../../framework/types";
import OverrideableBuilder from "../../override";
import type { APIHandled, RecipeInitContext, RecipeListFunction, RecipeModule } from "../../recipe-module";
import type { NormalisedAppInfo } from "../../types";
import type { UserContext } from "../../user-context";
import { RecipeInstanceCache } from "../recipe-instance";
import { handleConsumeCodeAPI } from "./api/consume-code";
import { handleCreateCodeAPI } from "./api/create-code";
import { handleEmailExistsAPI, handlePhoneNumberExistsAPI } from "./api/exists";
import { getAPIImplementation } from "./api/implementation";
import { handleResendCodeAPI } from "./api/resend-code";
import { normalisePasswordlessConfig } from "./config";
import {
  CONSUME_CODE_API,
  CREATE_CODE_API,
  DOES_EMAIL_EXIST_API,
  DOES_EMAIL_EXIST_API_OLD,
  DOES_PHONE_NUMBER_EXIST_API,
  DOES_PHONE_NUMBER_EXIST_API_OLD,
  PASSWORDLESS_RECIPE_ID,
  RESEND_CODE_API,
} from "./constants";
import { defaultEmailService, defaultSmsService } from "./default-delivery";
import { getRecipeImplementation } from "./recipe-implementation";
import type {
  APIInterface,
  APIOptions,
  RecipeInterface,
  TypeInput,
  TypeNormalisedInput,
  TypePasswordlessEmailDeliveryInput,
  TypePasswordlessSmsDeliveryInput,
} from "./types";

const CREATE_CODE = "CREATE_CODE";
const RESEND_CODE = "RESEND_CODE";
const CONSUME_CODE = "CONSUME_CODE";
const EMAIL_EXISTS = "EMAIL_EXISTS";
const PHONE_NUMBER_EXISTS = "PHONE_NUMBER_EXISTS";

/** The passwordless recipe: config, final functions/apis and the email/SMS senders. */
export default class PasswordlessRecipe implements RecipeModule {
  static readonly RECIPE_ID = PASSWORDLESS_RECIPE_ID;
  private static readonly instanceCache = new RecipeInstanceCache<PasswordlessRecipe>(
    PASSWORDLESS_RECIPE_ID,
    "Passwordless.init()",
  );
  readonly recipeId = PASSWORDLESS_RECIPE_ID;

  readonly config: TypeNormalisedInput;
  readonly appInfo: NormalisedAppInfo;
  readonly isInServerlessEnv: boolean;
  readonly recipeInterfaceImpl: RecipeInterface;
  readonly apiImpl: APIInterface;
  readonly emailDelivery: EmailDeliveryIngredient<TypePasswordlessEmailDeliveryInput>;
  readonly smsDelivery: SmsDeliveryIngredient<TypePasswordlessSmsDeliveryInput>;

  constructor(context: RecipeInitContext, input: TypeInput) {
    this.appInfo = context.appInfo;
    this.isInServerlessEnv = context.isInServerlessEnv;
    this.config = normalisePasswordlessConfig(input);
    this.recipeInterfaceImpl = new OverrideableBuilder(getRecipeImplementation())
      .override(this.config.override.functions)
      .build();
    this.apiImpl = new OverrideableBuilder(getAPIImplementation())
      .override(this.config.override.apis)
      .build();
    this.emailDelivery = buildEmailDelivery("Passwordless.init", input.emailDelivery, defaultEmailService);
    this.smsDelivery = buildSmsDelivery("Passwordless.init", input.smsDelivery, defaultSmsService);
  }

  static init(config: TypeInput): RecipeListFunction {
    return (context) => new PasswordlessRecipe(context, config);
  }

  static getInstance(): PasswordlessRecipe | undefined {
    return PasswordlessRecipe.instanceCache.get();
  }

  static getInstanceOrThrowError(): PasswordlessRecipe {
    return PasswordlessRecipe.instanceCache.getOrThrow();
  }

  apiOptions(req: SdkRequest, res: SdkResponse): APIOptions {
    return {
      recipeImplementation: this.recipeInterfaceImpl,
      appInfo: this.appInfo,
      config: this.config,
      recipeId: this.recipeId,
      isInServerlessEnv: this.isInServerlessEnv,
      req,
      res,
      emailDelivery: this.emailDelivery,
      smsDelivery: this.smsDelivery,
    };
  }

  getAPIsHandled(): APIHandled[] {
    const api = (method: APIHandled["method"], path: string, id: string, disabled: boolean): APIHandled => ({
      method,
      pathWithoutApiBasePath: path,
      id,
      disabled,
    });
    const { apiImpl } = this;
    const emailExistsDisabled = apiImpl.emailExistsGET === undefined;
    const phoneNumberExistsDisabled = apiImpl.phoneNumberExistsGET === undefined;
    return [
      api("post", CREATE_CODE_API, CREATE_CODE, apiImpl.createCodePOST === undefined),
      api("post", RESEND_CODE_API, RESEND_CODE, apiImpl.resendCodePOST === undefined),
      api("post", CONSUME_CODE_API, CONSUME_CODE, apiImpl.consumeCodePOST === undefined),
      api("get", DOES_EMAIL_EXIST_API, EMAIL_EXISTS, emailExistsDisabled),
      api("get", DOES_PHONE_NUMBER_EXIST_API, PHONE_NUMBER_EXISTS, phoneNumberExistsDisabled),
      api("get", DOES_EMAIL_EXIST_API_OLD, EMAIL_EXISTS, emailExistsDisabled),
      api("get", DOES_PHONE_NUMBER_EXIST_API_OLD, PHONE_NUMBER_EXISTS, phoneNumberExistsDisabled),
    ];
  }

  async handleAPIRequest(
    id: string,
    tenantId: string,
    req: SdkRequest,
    res: SdkResponse,
    _path: string,
    _method: string,
    userContext: UserContext,
  ): Promise<boolean> {
    const options = this.apiOptions(req, res);
    switch (id) {
      case CREATE_CODE:
        return handleCreateCodeAPI(this.apiImpl, tenantId, options, userContext);
      case RESEND_CODE:
        return handleResendCodeAPI(this.apiImpl, tenantId, options, userContext);
      case CONSUME_CODE:
        return handleConsumeCodeAPI(this.apiImpl, tenantId, options, userContext);
      case EMAIL_EXISTS:
        return handleEmailExistsAPI(this.apiImpl, tenantId, options, userContext);
      case PHONE_NUMBER_EXISTS:
        return handlePhoneNumberExistsAPI(this.apiImpl, tenantId, options, userContext);
      default:
        return false;
    }
  }

  isErrorFromThisRecipe(err: unknown): boolean {
    return SuperTokensError.isErrorFromSuperTokens(err) && err.fromRecipe === PASSWORDLESS_RECIPE_ID;
  }

  /** Our only errors are BAD_INPUT, which the SDK's errorHandler answers (400) before asking us. */
  async handleError(
    err: unknown,
    _req: SdkRequest,
    _res: SdkResponse,
    _userContext: UserContext,
  ): Promise<void> {
    throw err;
  }

  getAllCORSHeaders(): string[] {
    return [];
  }
}
