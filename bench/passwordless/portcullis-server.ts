/**
 * Our side: an Express app on @portcullis/node with the Session and Passwordless recipes, set
 * up as SuperTokens' docs set up a passwordless backend (contactMethod EMAIL, flowType
 * USER_INPUT_CODE), with an email delivery service that puts the code in the bench mailbox
 * instead of sending it. Run as its own process by main.ts; prints `LISTENING <port>`.
 *
 * BENCH_CONNECTION_URI picks the core: `sqlite:<file>` or `postgres://…` runs it embedded in
 * this process (ARCHITECTURE.md "embedded" transport); `http://127.0.0.1:<port>` talks to a
 * spawned core over HTTP.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { deliverCode, serveMailbox } from "./mailbox";

const connectionURI = process.env.BENCH_CONNECTION_URI;
if (!connectionURI)
  throw new Error("set BENCH_CONNECTION_URI=sqlite:<file> | postgres://… | http://127.0.0.1:<port>");

/* eslint-disable @typescript-eslint/no-require-imports */
const express = require("express") as typeof import("express");
const supertokens = require("@portcullis/node");
const Session = require("@portcullis/node/recipe/session");
const Passwordless = require("@portcullis/node/recipe/passwordless");
const { middleware, errorHandler } = require("@portcullis/node/framework/express");
/* eslint-enable @typescript-eslint/no-require-imports */

supertokens.init({
  framework: "express",
  supertokens: { connectionURI },
  appInfo: {
    appName: "bench",
    apiDomain: "http://localhost:3001",
    websiteDomain: "http://localhost:3000",
    apiBasePath: "/auth",
  },
  recipeList: [
    Passwordless.init({
      contactMethod: "EMAIL",
      flowType: "USER_INPUT_CODE",
      emailDelivery: {
        service: {
          async sendEmail(input: { email: string; userInputCode?: string }) {
            deliverCode(input.email, input.userInputCode ?? "");
          },
        },
      },
    }),
    Session.init(),
  ],
  telemetry: false,
});

const app = express();
app.use(middleware());
app.use(errorHandler());

const server = http.createServer((req, res) => {
  if (serveMailbox(req, res)) return;
  app(req, res);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`LISTENING ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
