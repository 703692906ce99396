import "server-only";

export { getDb, getDbHandle, type Db } from "./client";
