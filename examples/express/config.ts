/**
 * Where the example's values come from. The docs hard-code them in `supertokens.init`; here they
 * are read once from the environment so the same app runs from the README, in the browser test
 * (ports chosen at run time) and in CI.
 *
 * The default core is the embedded one (ARCHITECTURE.md): a SQLite file next to the example, so
 * `npm start` needs nothing else running. Point SUPERTOKENS_CONNECTION_URI at an HTTP core
 * (`http://localhost:3567`) to use a separate one.
 */
export interface ExampleConfig {
  connectionURI: string;
  apiDomain: string;
  websiteDomain: string;
  port: number;
  /**
   * Where passwordless sign-in emails go (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD,
   * SMTP_FROM). Without it, the embedded SQLite core prints codes and links to the console.
   */
  smtp?: { host: string; port: number; user?: string; password?: string; from?: string };
  /** Twilio for sign-in SMS (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM). */
  twilio?: { accountSid: string; authToken: string; from: string };
}

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const port = Number(env.PORT ?? 3001);
  return {
    connectionURI: env.SUPERTOKENS_CONNECTION_URI ?? "sqlite:./.portcullis/auth.db",
    apiDomain: env.API_DOMAIN ?? `http://localhost:${port}`,
    websiteDomain: env.WEBSITE_DOMAIN ?? "http://localhost:3000",
    port,
    smtp:
      env.SMTP_HOST !== undefined
        ? {
            host: env.SMTP_HOST,
            port: Number(env.SMTP_PORT ?? 587),
            user: env.SMTP_USER,
            password: env.SMTP_PASSWORD,
            from: env.SMTP_FROM,
          }
        : undefined,
    twilio:
      env.TWILIO_ACCOUNT_SID !== undefined &&
      env.TWILIO_AUTH_TOKEN !== undefined &&
      env.TWILIO_FROM !== undefined
        ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, from: env.TWILIO_FROM }
        : undefined,
  };
}
