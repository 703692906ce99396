/**
 * Child process for the persistence test: opens the embedded database in the given directory,
 * writes one user, reports "written" and then waits to be stopped (or killed).
 */
import { migrateHandle, openPglite } from "../../db/client";
import { users } from "../../db/schema";

const [dataDir, email] = process.argv.slice(2);
if (!dataDir || !email) throw new Error("usage: pglite-writer <dataDir> <email>");
const handle = await openPglite({ dataDir });
await migrateHandle(handle);
await handle.db.insert(users).values({ email, name: "Persisted" });
process.stdout.write("written\n");
process.on("SIGTERM", () => {
  void handle.close().then(() => process.exit(0));
});
setInterval(() => {}, 1000);
