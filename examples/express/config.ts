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
}

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const port = Number(env.PORT ?? 3001);
  return {
    connectionURI: env.SUPERTOKENS_CONNECTION_URI ?? "sqlite:./.portcullis/auth.db",
    apiDomain: env.API_DOMAIN ?? `http://localhost:${port}`,
    websiteDomain: env.WEBSITE_DOMAIN ?? "http://localhost:3000",
    port,
  };
}
