import { migrateHandle, openPostgres, type DbHandle } from "../../db/client";

/**
 * Runs `work` on a fresh, migrated database created beside `adminUrl` on a PostgreSQL server,
 * and drops it afterwards whatever happens. `work` gets the open handle and the database's URL.
 */
export async function withThrowawayDatabase<T>(adminUrl: string, name: string, work: (handle: DbHandle, url: string) => Promise<T>): Promise<T> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  try {
    const handle = await openPostgres(target.toString());
    try {
      await migrateHandle(handle, target.toString());
      return await work(handle, target.toString());
    } finally {
      await handle.close();
    }
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
