/**
 * The default sign-in email and SMS (docs/protocol/sdk-surface.md §1.8 `getContent`): the code and/or the link,
 * how long they stay valid, and the app's name. Everything inserted into HTML is escaped.
 */
import type { GetContentResult as EmailContent } from "../../delivery/email/smtp";
import { escapeHTML, humaniseDuration } from "../../delivery/html";
import type { GetContentResult as SmsContent } from "../../delivery/sms/twilio";
import SuperTokens from "../../supertokens";
import type { TypePasswordlessEmailDeliveryInput, TypePasswordlessSmsDeliveryInput } from "./types";

function appName(): string {
  return SuperTokens.getInstance()?.appInfo.appName ?? "your app";
}

export function getPasswordlessLoginEmailContent(input: TypePasswordlessEmailDeliveryInput): EmailContent {
  const name = appName();
  const lifetime = humaniseDuration(input.codeLifetime);
  const { userInputCode: code, urlWithLinkCode: link } = input;
  const subject = code !== undefined ? `${code} is your ${name} sign-in code` : `Sign in to ${name}`;

  const text = [
    `Sign in to ${name}`,
    "",
    ...(code !== undefined ? [`Your one-time code: ${code}`] : []),
    ...(link !== undefined
      ? [`${code !== undefined ? "Or open this link" : "Open this link"} to sign in: ${link}`]
      : []),
    "",
    `This ${code !== undefined && link !== undefined ? "code and link expire" : code !== undefined ? "code expires" : "link expires"} in ${lifetime}.`,
    "If you did not try to sign in, you can ignore this email.",
  ].join("\n");

  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHTML(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2328">
<div style="max-width:480px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">
<h1 style="font-size:20px;margin:0 0 16px">Sign in to ${escapeHTML(name)}</h1>
${
  code !== undefined
    ? `<p style="margin:0 0 8px">Your one-time code:</p>
<p style="font-size:32px;letter-spacing:6px;font-weight:bold;margin:0 0 24px">${escapeHTML(code)}</p>`
    : ""
}
${
  link !== undefined
    ? `<p style="margin:0 0 24px"><a href="${escapeHTML(link)}" style="display:inline-block;background:#1f6feb;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px">Sign in</a></p>
<p style="font-size:12px;color:#59636e;margin:0 0 24px;word-break:break-all">Or paste this link into your browser: ${escapeHTML(link)}</p>`
    : ""
}
<p style="font-size:14px;margin:0 0 8px">It expires in ${escapeHTML(lifetime)}.</p>
<p style="font-size:12px;color:#59636e;margin:0">If you did not try to sign in, you can ignore this email.</p>
</div></body></html>`;

  return { subject, body: html, isHtml: true, textBody: text, toEmail: input.email };
}

export function getPasswordlessLoginSmsContent(input: TypePasswordlessSmsDeliveryInput): SmsContent {
  const name = appName();
  const lifetime = humaniseDuration(input.codeLifetime);
  const parts: string[] = [];
  if (input.userInputCode !== undefined) parts.push(`${input.userInputCode} is your ${name} sign-in code.`);
  if (input.urlWithLinkCode !== undefined) {
    parts.push(
      `${input.userInputCode !== undefined ? "Or sign in" : `Sign in to ${name}`} with this link: ${input.urlWithLinkCode}`,
    );
  }
  parts.push(`It expires in ${lifetime}.`);
  return { body: parts.join(" "), toPhoneNumber: input.phoneNumber };
}
