/**
 * The two sign-in sequences, each exactly as its own frontend SDK sends it.
 *
 * Ours (docs/protocol/fdi.md §6, what supertokens-web-js's passwordless recipe sends; `st-auth-mode:
 * header` so the tokens come back as headers and no cookie jar is needed):
 *   POST /auth/signinup/code {email}                                  → {status:"OK", deviceId, preAuthSessionId}
 *   (the user reads the code: GET /bench/mailbox)
 *   POST /auth/signinup/code/consume {preAuthSessionId, deviceId, userInputCode}
 *                                                                     → {status:"OK", createdNewRecipeUser:true, user} + st-access-token
 *
 * better-auth's (its emailOTP plugin's client calls):
 *   POST /api/auth/email-otp/send-verification-otp {email, type:"sign-in"} → {success:true}
 *   (the user reads the code: GET /bench/mailbox)
 *   POST /api/auth/sign-in/email-otp {email, otp}                         → {token, user} + session cookie
 */
import { expectAnswer, type Client, type SignIn } from "./load";

const fdiHeaders = { rid: "passwordless", "fdi-version": "3.1,4.0,4.1,4.2", "st-auth-mode": "header" };

async function readMailbox(client: Client, email: string): Promise<string> {
  const mail = await client.request("GET", `/bench/mailbox?email=${encodeURIComponent(email)}`);
  expectAnswer("mailbox", mail, mail.status === 200);
  return mail.text;
}

export const portcullisSignIn: SignIn = async (client, email) => {
  const created = await client.request("POST", "/auth/signinup/code", {
    body: { email },
    headers: fdiHeaders,
  });
  const code = created.status === 200 ? JSON.parse(created.text) : undefined;
  expectAnswer("signinup/code", created, code?.status === "OK");
  const userInputCode = await readMailbox(client, email);
  const consumed = await client.request("POST", "/auth/signinup/code/consume", {
    body: { preAuthSessionId: code.preAuthSessionId, deviceId: code.deviceId, userInputCode },
    headers: fdiHeaders,
  });
  const outcome = consumed.status === 200 ? JSON.parse(consumed.text) : undefined;
  expectAnswer(
    "signinup/code/consume",
    consumed,
    outcome?.status === "OK" &&
      outcome.createdNewRecipeUser === true &&
      typeof consumed.headers["st-access-token"] === "string",
  );
};

export const betterAuthSignIn: SignIn = async (client, email) => {
  const sent = await client.request("POST", "/api/auth/email-otp/send-verification-otp", {
    body: { email, type: "sign-in" },
  });
  expectAnswer("send-verification-otp", sent, sent.status === 200);
  const otp = await readMailbox(client, email);
  const signedIn = await client.request("POST", "/api/auth/sign-in/email-otp", { body: { email, otp } });
  const cookies = signedIn.headers["set-cookie"] ?? [];
  expectAnswer(
    "sign-in/email-otp",
    signedIn,
    signedIn.status === 200 && cookies.some((cookie) => cookie.startsWith("better-auth.session_token=")),
  );
};
