/**
 * One benchmark server, run as its own process: the same Express app shape for either SDK,
 *
 *   GET  /before            — a route before middleware()      (the anchor: plain Express)
 *   app.use(middleware())
 *   GET  /after             — the same route after middleware() (middleware's cost per request)
 *   GET  /protected         — the route behind verifySession()  (verifySession's cost per request)
 *   POST /bench/session     — createNewSession, so the orchestrator gets real tokens
 *   app.use(errorHandler())
 *
 * BENCH_SDK=official loads supertokens-node@24.0.3 from the root node_modules; BENCH_SDK=portcullis
 * loads @portcullis/node (packages/node/dist) through its workspace link. Prints `LISTENING <port>`.
 */
import type { Express, NextFunction, Request, Response } from "express";

const sdkName = process.env.BENCH_SDK;
const coreUrl = process.env.BENCH_CORE_URL;
if ((sdkName !== "official" && sdkName !== "portcullis") || !coreUrl) {
  throw new Error("set BENCH_SDK=official|portcullis and BENCH_CORE_URL=http://127.0.0.1:<port>");
}
const packageName = sdkName === "official" ? "supertokens-node" : "@portcullis/node";

/* eslint-disable @typescript-eslint/no-require-imports */
const express = require("express") as typeof import("express");
const supertokens = require(packageName);
const Session = require(`${packageName}/recipe/session`);
const { middleware, errorHandler } = require(`${packageName}/framework/express`);
const { verifySession } = require(`${packageName}/recipe/session/framework/express`);
/* eslint-enable @typescript-eslint/no-require-imports */

supertokens.init({
  framework: "express",
  supertokens: { connectionURI: coreUrl },
  appInfo: {
    appName: "bench",
    apiDomain: "http://localhost:3001",
    websiteDomain: "http://localhost:3000",
    apiBasePath: "/auth",
  },
  recipeList: [Session.init()],
  telemetry: false,
});

const ok = (_req: Request, res: Response): void => {
  res.send("ok");
};

const app: Express = express();
app.get("/before", ok);
app.use(middleware());
app.get("/after", ok);
app.get("/protected", verifySession(), (req: Request, res: Response) => {
  res.send((req as unknown as { session: { getUserId(): string } }).session.getUserId());
});
app.post("/bench/session", async (req: Request, res: Response, next: NextFunction) => {
  try {
    await Session.createNewSession(req, res, "public", supertokens.convertToRecipeUserId("bench-user"));
    res.send("created");
  } catch (error) {
    next(error);
  }
});
app.use(errorHandler());

const server = app.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  console.log(`LISTENING ${address.port}`);
});
server.keepAliveTimeout = 60_000;
process.on("SIGTERM", () => server.close(() => process.exit(0)));
