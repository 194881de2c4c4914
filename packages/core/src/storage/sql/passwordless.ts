import type { Kysely, Selectable } from "kysely";
import type {
  PasswordlessCodeRecord,
  PasswordlessDeviceRecord,
  PasswordlessStore,
  PasswordlessUserRecord,
} from "../types";
import { mapDuplicateKey } from "./duplicate-key";
import {
  consumeForNewUserByEmail,
  consumeForNewUserByPhoneNumber,
  deleteDevicesWith,
  insertDeviceWithCode,
  selectDeviceWithCodes,
  type ContactColumn,
} from "./passwordless-statements";
import type { Database, PasswordlessCodesTable, PasswordlessDevicesTable } from "./schema";

/**
 * Passwordless devices, codes and users (docs/protocol/cdi.md §5 "Passwordless codes", §6). Only hashes
 * are stored: the device's `device_id_hash` (= preAuthSessionId) and each code's
 * `link_code_hash`; the deviceId, userInputCode and linkCode never reach the database.
 */

function toDevice(row: Selectable<PasswordlessDevicesTable>): PasswordlessDeviceRecord {
  return {
    appId: row.app_id,
    tenantId: row.tenant_id,
    deviceIdHash: row.device_id_hash,
    email: row.email,
    phoneNumber: row.phone_number,
    linkCodeSalt: row.link_code_salt,
    failedAttempts: Number(row.failed_attempts),
  };
}

function toCode(row: Selectable<PasswordlessCodesTable>): PasswordlessCodeRecord {
  return {
    appId: row.app_id,
    tenantId: row.tenant_id,
    codeId: row.code_id,
    deviceIdHash: row.device_id_hash,
    linkCodeHash: row.link_code_hash,
    createdAt: Number(row.created_at),
  };
}

function codeRow(code: PasswordlessCodeRecord): Selectable<PasswordlessCodesTable> {
  return {
    app_id: code.appId,
    tenant_id: code.tenantId,
    code_id: code.codeId,
    device_id_hash: code.deviceIdHash,
    link_code_hash: code.linkCodeHash,
    created_at: code.createdAt,
  };
}

/**
 * SQLite's half of consumeDeviceForNewUser (PostgreSQL's is one statement in
 * passwordless-statements.ts): an unlinked recipe user, its own primary id (docs/protocol/cdi.md §6), in
 * this tenant, with its email verified by the code. Run inside the consume's transaction.
 */
async function insertNewUserRows(
  trx: Kysely<Database>,
  appId: string,
  tenantId: string,
  user: PasswordlessUserRecord,
): Promise<void> {
  const idRow = {
    app_id: appId,
    user_id: user.userId,
    recipe_id: "passwordless",
    primary_or_recipe_user_id: user.userId,
    is_linked_or_is_a_primary_user: 0,
    time_joined: user.timeJoined,
    primary_or_recipe_user_time_joined: user.timeJoined,
  };
  await trx.insertInto("app_id_to_user_id").values(idRow).execute();
  await trx
    .insertInto("all_auth_recipe_users")
    .values({ ...idRow, tenant_id: tenantId })
    .execute();
  await trx
    .insertInto("passwordless_users")
    .values({
      app_id: appId,
      user_id: user.userId,
      email: user.email,
      phone_number: user.phoneNumber,
      time_joined: user.timeJoined,
    })
    .execute();
  await trx
    .insertInto("passwordless_user_to_tenant")
    .values({
      app_id: appId,
      tenant_id: tenantId,
      user_id: user.userId,
      email: user.email,
      phone_number: user.phoneNumber,
    })
    .execute();
  if (user.email !== null)
    await trx
      .insertInto("emailverification_verified_emails")
      .values({ app_id: appId, user_id: user.userId, email: user.email })
      .execute();
}

export function createPasswordlessStore(
  db: Kysely<Database>,
  engine: "postgresql" | "sqlite",
  runInTransaction: <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>,
): PasswordlessStore {
  // The email and phone-number lookups differ only in their column (each has its own index:
  // passwordless_devices_{email,phone_number}_index and the UNIQUE (app_id, tenant_id, <column>)
  // constraints of passwordless_user_to_tenant).
  async function listDevicesBy(column: ContactColumn, appId: string, tenantId: string, value: string) {
    const rows = await db
      .selectFrom("passwordless_devices")
      .selectAll()
      .where("app_id", "=", appId)
      .where("tenant_id", "=", tenantId)
      .where(column, "=", value)
      .orderBy("device_id_hash")
      .execute();
    return rows.map(toDevice);
  }

  const deleteDevicesBy = (column: ContactColumn, appId: string, tenantId: string, value: string) =>
    deleteDevicesWith(db, column, appId, tenantId, value);

  async function getUserBy(column: ContactColumn, appId: string, tenantId: string, value: string) {
    const row = await db
      .selectFrom("passwordless_user_to_tenant as t")
      .innerJoin("passwordless_users as u", (join) =>
        join.onRef("u.app_id", "=", "t.app_id").onRef("u.user_id", "=", "t.user_id"),
      )
      .select(["u.user_id", "u.email", "u.phone_number", "u.time_joined"])
      .where("t.app_id", "=", appId)
      .where("t.tenant_id", "=", tenantId)
      .where(`t.${column}`, "=", value)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : {
          userId: row.user_id,
          email: row.email,
          phoneNumber: row.phone_number,
          timeJoined: Number(row.time_joined),
        };
  }

  return {
    createDevice(device, code) {
      const deviceRow = {
        app_id: device.appId,
        tenant_id: device.tenantId,
        device_id_hash: device.deviceIdHash,
        email: device.email,
        phone_number: device.phoneNumber,
        link_code_salt: device.linkCodeSalt,
        failed_attempts: device.failedAttempts,
      };
      // PostgreSQL: one statement (atomic by itself, one round trip); the code's foreign key is
      // checked at the end of the statement, when the device row exists. SQLite has no
      // INSERT inside WITH, and its transactions cost no round trip.
      if (engine === "postgresql")
        return mapDuplicateKey(async () => {
          const c = codeRow(code);
          await insertDeviceWithCode(
            db,
            engine,
            deviceRow.app_id,
            deviceRow.tenant_id,
            deviceRow.device_id_hash,
            deviceRow.email,
            deviceRow.phone_number,
            deviceRow.link_code_salt,
            deviceRow.failed_attempts,
            c.code_id,
            c.link_code_hash,
            c.created_at,
          );
        });
      return mapDuplicateKey(() =>
        runInTransaction(async (trx) => {
          await trx.insertInto("passwordless_devices").values(deviceRow).execute();
          await trx.insertInto("passwordless_codes").values(codeRow(code)).execute();
        }),
      );
    },

    createCode(code) {
      return mapDuplicateKey(() =>
        runInTransaction(async (trx) => {
          // Lock-free existence check then insert: the foreign key rejects a code whose device
          // was deleted in between, and that error is not swallowed.
          const device = await trx
            .selectFrom("passwordless_devices")
            .select("device_id_hash")
            .where("app_id", "=", code.appId)
            .where("tenant_id", "=", code.tenantId)
            .where("device_id_hash", "=", code.deviceIdHash)
            .executeTakeFirst();
          if (device === undefined) return false;
          await trx.insertInto("passwordless_codes").values(codeRow(code)).execute();
          return true;
        }),
      );
    },

    async getDevice(appId, tenantId, deviceIdHash) {
      const row = await db
        .selectFrom("passwordless_devices")
        .selectAll()
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("device_id_hash", "=", deviceIdHash)
        .executeTakeFirst();
      return row === undefined ? undefined : toDevice(row);
    },

    async getDeviceWithCodes(appId, tenantId, deviceIdHash) {
      // One read for consume: the device (primary key), LEFT JOIN its codes
      // (passwordless_codes_device_id_hash_index) and the user of its email, or of its phone
      // number when it has no email (UNIQUE passwordless_user_to_tenant_{email,phone_number}_key,
      // then passwordless_users' primary key). A device without codes gives one row of NULLs.
      const { rows } = await selectDeviceWithCodes(db, engine, appId, tenantId, deviceIdHash);
      if (rows.length === 0) return undefined;
      const [first] = rows;
      const codes: PasswordlessCodeRecord[] = [];
      for (const row of rows)
        if (row.code_id !== null && row.link_code_hash !== null && row.created_at !== null)
          codes.push({
            appId,
            tenantId,
            codeId: row.code_id,
            deviceIdHash,
            linkCodeHash: row.link_code_hash,
            createdAt: Number(row.created_at),
          });
      const user =
        first.user_id === null
          ? undefined
          : {
              userId: first.user_id,
              email: first.user_email,
              phoneNumber: first.user_phone_number,
              timeJoined: Number(first.user_time_joined),
            };
      return { device: toDevice(first), codes, user };
    },

    listDevicesByEmail: (appId, tenantId, email) => listDevicesBy("email", appId, tenantId, email),
    listDevicesByPhoneNumber: (appId, tenantId, phoneNumber) =>
      listDevicesBy("phone_number", appId, tenantId, phoneNumber),

    async listCodes(appId, tenantId, deviceIdHashes) {
      if (deviceIdHashes.length === 0) return [];
      // Index passwordless_codes_device_id_hash_index.
      const rows = await db
        .selectFrom("passwordless_codes")
        .selectAll()
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("device_id_hash", "in", deviceIdHashes)
        .orderBy("created_at")
        .orderBy("code_id")
        .execute();
      return rows.map(toCode);
    },

    async getCodeByLinkCodeHash(appId, tenantId, linkCodeHash) {
      // UNIQUE (app_id, tenant_id, link_code_hash).
      const row = await db
        .selectFrom("passwordless_codes")
        .selectAll()
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("link_code_hash", "=", linkCodeHash)
        .executeTakeFirst();
      return row === undefined ? undefined : toCode(row);
    },

    async incrementFailedAttempts(appId, tenantId, deviceIdHash) {
      // One statement: concurrent wrong guesses each count (no read-modify-write race).
      const row = await db
        .updateTable("passwordless_devices")
        .set((eb) => ({ failed_attempts: eb("failed_attempts", "+", 1) }))
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("device_id_hash", "=", deviceIdHash)
        .returning("failed_attempts")
        .executeTakeFirst();
      return row === undefined ? undefined : Number(row.failed_attempts);
    },

    async deleteDevice(appId, tenantId, deviceIdHash) {
      const result = await db
        .deleteFrom("passwordless_devices")
        .where("app_id", "=", appId)
        .where("tenant_id", "=", tenantId)
        .where("device_id_hash", "=", deviceIdHash)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    deleteDevicesByEmail: (appId, tenantId, email) => deleteDevicesBy("email", appId, tenantId, email),
    deleteDevicesByPhoneNumber: (appId, tenantId, phoneNumber) =>
      deleteDevicesBy("phone_number", appId, tenantId, phoneNumber),

    async deleteCode(appId, tenantId, codeId) {
      await runInTransaction(async (trx) => {
        const deleted = await trx
          .deleteFrom("passwordless_codes")
          .where("app_id", "=", appId)
          .where("tenant_id", "=", tenantId)
          .where("code_id", "=", codeId)
          .returning("device_id_hash")
          .executeTakeFirst();
        if (deleted === undefined) return;
        // A device without codes can sign nobody in: remove it with its last code.
        await trx
          .deleteFrom("passwordless_devices")
          .where("app_id", "=", appId)
          .where("tenant_id", "=", tenantId)
          .where("device_id_hash", "=", deleted.device_id_hash)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("passwordless_codes")
                  .select("passwordless_codes.code_id")
                  .where("passwordless_codes.app_id", "=", appId)
                  .where("passwordless_codes.tenant_id", "=", tenantId)
                  .where("passwordless_codes.device_id_hash", "=", deleted.device_id_hash),
              ),
            ),
          )
          .execute();
      });
    },

    async deleteCodesCreatedBefore(createdBefore) {
      // Index passwordless_codes_created_at_index.
      const result = await db
        .deleteFrom("passwordless_codes")
        .where("created_at", "<", createdBefore)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    getUserByEmail: (appId, tenantId, email) => getUserBy("email", appId, tenantId, email),
    getUserByPhoneNumber: (appId, tenantId, phoneNumber) =>
      getUserBy("phone_number", appId, tenantId, phoneNumber),

    async getUser(appId, userId) {
      const row = await db
        .selectFrom("passwordless_users")
        .selectAll()
        .where("app_id", "=", appId)
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            userId: row.user_id,
            email: row.email,
            phoneNumber: row.phone_number,
            timeJoined: Number(row.time_joined),
          };
    },

    consumeDeviceForNewUser(device, user) {
      const { appId, tenantId } = device;
      const column: ContactColumn | undefined =
        device.email !== null ? "email" : device.phoneNumber !== null ? "phone_number" : undefined;
      if (column === undefined) throw new Error("A passwordless device has neither email nor phone number");
      const contact = (column === "email" ? device.email : device.phoneNumber) as string;
      if (engine === "postgresql")
        return mapDuplicateKey(async () => {
          const statement = column === "email" ? consumeForNewUserByEmail : consumeForNewUserByPhoneNumber;
          const { rows } = await statement(
            db,
            engine,
            appId,
            tenantId,
            contact,
            device.deviceIdHash,
            user.userId,
            user.timeJoined,
            user.email,
            user.phoneNumber,
          );
          return rows[0].consumed === 1;
        });
      return mapDuplicateKey(() =>
        runInTransaction(async (trx) => {
          const deleted = await deleteDevicesWith(trx, column, appId, tenantId, contact);
          if (!deleted.includes(device.deviceIdHash)) return false;
          await insertNewUserRows(trx, appId, tenantId, user);
          return true;
        }),
      );
    },

    updateUser(appId, userId, fields) {
      return mapDuplicateKey(() =>
        runInTransaction(async (trx) => {
          await trx
            .updateTable("passwordless_users")
            .set({ email: fields.email, phone_number: fields.phoneNumber })
            .where("app_id", "=", appId)
            .where("user_id", "=", userId)
            .execute();
          await trx
            .updateTable("passwordless_user_to_tenant")
            .set({ email: fields.email, phone_number: fields.phoneNumber })
            .where("app_id", "=", appId)
            .where("user_id", "=", userId)
            .execute();
        }),
      );
    },
  };
}
