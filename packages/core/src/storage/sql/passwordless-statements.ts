import { sql, type Kysely } from "kysely";
import { prepareQuery } from "./prepared";
import type { Database } from "./schema";

/**
 * The passwordless statements that run on every sign-in, compiled once (prepared.ts) and, on
 * PostgreSQL, named. The store in passwordless.ts decides when each runs.
 */

export type ContactColumn = "email" | "phone_number";

type ConsumeArgs = [
  appId: string,
  tenantId: string,
  contact: string,
  deviceIdHash: string,
  userId: string,
  timeJoined: number,
  email: string | null,
  phoneNumber: string | null,
];

/**
 * PostgreSQL: a new user's consume in one statement (one round trip, atomic by itself). The
 * DELETE takes the contact's devices; every INSERT reads the `consumed` row, so they write
 * nothing when another request deleted the device first. Foreign keys between the new rows
 * are checked at the end of the statement; a taken email/phone fails it as a whole
 * (passwordless_user_to_tenant_{email,phone_number}_key) and the devices stay.
 */
function consumeForNewUserStatement(column: ContactColumn) {
  return prepareQuery(
    8,
    (_db, ...args: ConsumeArgs) => {
      const [appId, tenantId, contact, deviceIdHash, userId, timeJoined, email, phoneNumber] = args;
      const app = sql`${appId}::varchar`;
      const tenant = sql`${tenantId}::varchar`;
      const user = sql`${userId}::varchar`;
      const joined = sql`${timeJoined}::bigint`;
      const mail = sql`${email}::varchar`;
      const phone = sql`${phoneNumber}::varchar`;
      return sql<{ consumed: number }>`with consumed as (
  delete from passwordless_devices
  where app_id = ${app} and tenant_id = ${tenant} and ${sql.ref(column)} = ${contact}::varchar
  returning device_id_hash
), go as (
  select 1 from consumed where device_id_hash = ${deviceIdHash}::varchar
), id_row as (
  insert into app_id_to_user_id (app_id, user_id, recipe_id, primary_or_recipe_user_id,
    is_linked_or_is_a_primary_user, time_joined, primary_or_recipe_user_time_joined)
  select ${app}, ${user}, 'passwordless', ${user}, 0, ${joined}, ${joined} from go
  returning user_id
), tenant_row as (
  insert into all_auth_recipe_users (app_id, tenant_id, user_id, primary_or_recipe_user_id,
    is_linked_or_is_a_primary_user, recipe_id, time_joined, primary_or_recipe_user_time_joined)
  select ${app}, ${tenant}, ${user}, ${user}, 0, 'passwordless', ${joined}, ${joined} from go
  returning user_id
), user_row as (
  insert into passwordless_users (app_id, user_id, email, phone_number, time_joined)
  select ${app}, ${user}, ${mail}, ${phone}, ${joined} from go
  returning user_id
), verified_email as (
  insert into emailverification_verified_emails (app_id, user_id, email)
  select ${app}, ${user}, ${mail} from go where ${mail} is not null
  returning user_id
), user_to_tenant as (
  insert into passwordless_user_to_tenant (app_id, tenant_id, user_id, email, phone_number)
  select ${app}, ${tenant}, ${user}, ${mail}, ${phone} from go
  returning user_id
)
select count(*)::int as consumed from go`;
    },
    { named: true },
  );
}

// PostgreSQL: a device and its first code in one INSERT statement (no plan to choose: named).
export const insertDeviceWithCode = prepareQuery(
  10,
  (
    db,
    appId: string,
    tenantId: string,
    deviceIdHash: string,
    email: string | null,
    phoneNumber: string | null,
    linkCodeSalt: string,
    failedAttempts: number,
    codeId: string,
    linkCodeHash: string,
    createdAt: number,
  ) =>
    db
      .with("device", (qc) =>
        qc
          .insertInto("passwordless_devices")
          .values({
            app_id: appId,
            tenant_id: tenantId,
            device_id_hash: deviceIdHash,
            email,
            phone_number: phoneNumber,
            link_code_salt: linkCodeSalt,
            failed_attempts: failedAttempts,
          })
          .returning("device_id_hash"),
      )
      .insertInto("passwordless_codes")
      .values({
        app_id: appId,
        tenant_id: tenantId,
        code_id: codeId,
        device_id_hash: deviceIdHash,
        link_code_hash: linkCodeHash,
        created_at: createdAt,
      }),
  { named: true },
);

// Consume's one read (see getDeviceWithCodes), built and compiled by kysely once.
export const selectDeviceWithCodes = prepareQuery(
  3,
  (db, appId: string, tenantId: string, deviceIdHash: string) =>
    db
      .selectFrom("passwordless_devices as d")
      .leftJoin("passwordless_codes as c", (join) =>
        join
          .onRef("c.app_id", "=", "d.app_id")
          .onRef("c.tenant_id", "=", "d.tenant_id")
          .onRef("c.device_id_hash", "=", "d.device_id_hash"),
      )
      .leftJoin("passwordless_user_to_tenant as t", (join) =>
        join
          .onRef("t.app_id", "=", "d.app_id")
          .onRef("t.tenant_id", "=", "d.tenant_id")
          .on((eb) =>
            eb.or([
              eb("t.email", "=", eb.ref("d.email")),
              eb.and([eb("d.email", "is", null), eb("t.phone_number", "=", eb.ref("d.phone_number"))]),
            ]),
          ),
      )
      .leftJoin("passwordless_users as u", (join) =>
        join.onRef("u.app_id", "=", "t.app_id").onRef("u.user_id", "=", "t.user_id"),
      )
      .select([
        "d.app_id",
        "d.tenant_id",
        "d.device_id_hash",
        "d.email",
        "d.phone_number",
        "d.link_code_salt",
        "d.failed_attempts",
        "c.code_id",
        "c.link_code_hash",
        "c.created_at",
        "u.user_id",
        "u.email as user_email",
        "u.phone_number as user_phone_number",
        "u.time_joined as user_time_joined",
      ])
      .where("d.app_id", "=", appId)
      .where("d.tenant_id", "=", tenantId)
      .where("d.device_id_hash", "=", deviceIdHash)
      .orderBy("c.created_at")
      .orderBy("c.code_id"),
  { named: true },
);

export const consumeForNewUserByEmail = consumeForNewUserStatement("email");
export const consumeForNewUserByPhoneNumber = consumeForNewUserStatement("phone_number");

export async function deleteDevicesWith(
  db: Kysely<Database>,
  column: ContactColumn,
  appId: string,
  tenantId: string,
  value: string,
): Promise<string[]> {
  const rows = await db
    .deleteFrom("passwordless_devices")
    .where("app_id", "=", appId)
    .where("tenant_id", "=", tenantId)
    .where(column, "=", value)
    .returning("device_id_hash")
    .execute();
  return rows.map((row) => row.device_id_hash);
}
