/**
 * `PasswordlessStore.consumeDeviceForNewUser`: the new user's consume in one atomic step (one
 * statement on PostgreSQL, one transaction on SQLite).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { DuplicateKeyError, type PasswordlessDeviceRecord, type Storage } from "../../src/storage/types";
import { testEngines, useTestStorage } from "../support/databases";

const NOW = 1_700_000_000_000;

function device(contact: { email?: string; phoneNumber?: string }): PasswordlessDeviceRecord {
  return {
    appId: "public",
    tenantId: "public",
    deviceIdHash: randomUUID(),
    email: contact.email ?? null,
    phoneNumber: contact.phoneNumber ?? null,
    linkCodeSalt: "salt",
    failedAttempts: 0,
  };
}

describe.each(testEngines())("passwordless consume for a new user on %s", (engine) => {
  const database = useTestStorage(engine);
  let storage: Storage;
  beforeAll(() => {
    storage = database.storage;
  });

  async function addDevice(d: PasswordlessDeviceRecord) {
    await storage.passwordless.createDevice(d, {
      appId: d.appId,
      tenantId: d.tenantId,
      codeId: randomUUID(),
      deviceIdHash: d.deviceIdHash,
      linkCodeHash: randomUUID(),
      createdAt: NOW,
    });
  }

  function newUser(d: PasswordlessDeviceRecord) {
    return { userId: randomUUID(), email: d.email, phoneNumber: d.phoneNumber, timeJoined: NOW + 7 };
  }

  it("deletes every device of the email and writes the user with its verified email", async () => {
    const consumed = device({ email: "new@example.com" });
    const sibling = device({ email: "new@example.com" });
    const other = device({ email: "other@example.com" });
    for (const d of [consumed, sibling, other]) await addDevice(d);
    const user = newUser(consumed);

    expect(await storage.passwordless.consumeDeviceForNewUser(consumed, user)).toBe(true);

    expect(await storage.passwordless.getDevice("public", "public", consumed.deviceIdHash)).toBeUndefined();
    expect(await storage.passwordless.getDevice("public", "public", sibling.deviceIdHash)).toBeUndefined();
    expect(await storage.passwordless.getDevice("public", "public", other.deviceIdHash)).toBeDefined();
    expect(await storage.passwordless.getUserByEmail("public", "public", "new@example.com")).toEqual(user);
    expect(await storage.verifiedEmails.isVerified("public", user.userId, "new@example.com")).toBe(true);
    const [stored] = await storage.users.getUsers("public", [user.userId]);
    expect(stored).toMatchObject({ id: user.userId, timeJoined: NOW + 7, isPrimaryUser: false });
    expect(stored.loginMethods).toHaveLength(1);
    expect(stored.loginMethods[0]).toMatchObject({ recipeId: "passwordless", tenantIds: ["public"] });
  });

  it("works for a phone-only device and writes no verified email", async () => {
    const consumed = device({ phoneNumber: "+14155550100" });
    await addDevice(consumed);
    const user = newUser(consumed);
    expect(await storage.passwordless.consumeDeviceForNewUser(consumed, user)).toBe(true);
    expect(await storage.passwordless.getUserByPhoneNumber("public", "public", "+14155550100")).toEqual(user);
    expect(await storage.passwordless.getDevice("public", "public", consumed.deviceIdHash)).toBeUndefined();
  });

  it("returns false and writes nothing when the device is already gone", async () => {
    const gone = device({ email: "gone@example.com" });
    const remaining = device({ email: "gone@example.com" });
    await addDevice(remaining);
    const user = newUser(gone);
    expect(await storage.passwordless.consumeDeviceForNewUser(gone, user)).toBe(false);
    expect(await storage.passwordless.getUserByEmail("public", "public", "gone@example.com")).toBeUndefined();
    expect(await storage.users.getUsers("public", [user.userId])).toEqual([]);
  });

  it("throws DuplicateKeyError for a taken email and keeps the devices", async () => {
    const first = device({ email: "taken@example.com" });
    await addDevice(first);
    expect(await storage.passwordless.consumeDeviceForNewUser(first, newUser(first))).toBe(true);
    const second = device({ email: "taken@example.com" });
    await addDevice(second);
    const intruder = newUser(second);
    await expect(storage.passwordless.consumeDeviceForNewUser(second, intruder)).rejects.toBeInstanceOf(
      DuplicateKeyError,
    );
    expect(await storage.passwordless.getDevice("public", "public", second.deviceIdHash)).toBeDefined();
    expect(await storage.users.getUsers("public", [intruder.userId])).toEqual([]);
  });
});
