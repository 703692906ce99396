import { describe, expect, it } from "vitest";
import { maxUploadBytes, parseEnv, sessionMaxAgeSeconds, stravaConfigured, trustProxy } from "./env";

const SECRET_32 = "0123456789abcdef0123456789abcdef"; // exactly 32 characters

describe("parseEnv", () => {
  it("applies the defaults", () => {
    const e = parseEnv({});
    expect(e.DATA_DIR).toBe("./.data");
    expect(e.STRAVA_BASE_URL).toBe("https://www.strava.com");
    expect(e.MAX_UPLOAD_MB).toBe(50);
    expect(maxUploadBytes(e)).toBe(52_428_800); // 50 × 1024 × 1024
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.AUTH_SECRET).toBeUndefined();
  });

  it("treats empty and blank strings as unset", () => {
    const e = parseEnv({ DATABASE_URL: "", AUTH_SECRET: "   ", DATA_DIR: "", STRAVA_BASE_URL: "", MAX_UPLOAD_MB: "", STRAVA_CLIENT_ID: "" });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.AUTH_SECRET).toBeUndefined();
    expect(e.DATA_DIR).toBe("./.data");
    expect(e.STRAVA_BASE_URL).toBe("https://www.strava.com");
    expect(e.MAX_UPLOAD_MB).toBe(50);
    expect(e.STRAVA_CLIENT_ID).toBeUndefined();
  });

  it("strips trailing slashes from STRAVA_BASE_URL", () => {
    expect(parseEnv({ STRAVA_BASE_URL: "http://localhost:4100/" }).STRAVA_BASE_URL).toBe("http://localhost:4100");
    expect(parseEnv({ STRAVA_BASE_URL: "https://strava.example///" }).STRAVA_BASE_URL).toBe("https://strava.example");
  });

  it("accepts valid values", () => {
    const e = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/patella", AUTH_SECRET: SECRET_32, DATA_DIR: "/srv/patella", MAX_UPLOAD_MB: "0.5" });
    expect(e.DATABASE_URL).toBe("postgresql://u:p@db:5432/patella");
    expect(e.AUTH_SECRET).toBe(SECRET_32);
    expect(e.DATA_DIR).toBe("/srv/patella");
    expect(maxUploadBytes(e)).toBe(524_288); // 0.5 × 1024 × 1024
    expect(parseEnv({ DATABASE_URL: "postgres://localhost/patella" }).DATABASE_URL).toBe("postgres://localhost/patella");
  });

  it("rejects a non-PostgreSQL DATABASE_URL with a readable message", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/patella" })).toThrow(
      /Invalid environment configuration:\n {2}DATABASE_URL: DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//,
    );
  });

  it("rejects an AUTH_SECRET shorter than 32 characters", () => {
    expect(() => parseEnv({ AUTH_SECRET: SECRET_32.slice(1) })).toThrow(/AUTH_SECRET: AUTH_SECRET must be at least 32 characters/);
  });

  it("reports every invalid variable at once", () => {
    expect(() => parseEnv({ DATABASE_URL: "sqlite:x", AUTH_SECRET: "short", STRAVA_BASE_URL: "ftp://x", MAX_UPLOAD_MB: "-1" })).toThrow(
      /DATABASE_URL:[\s\S]*AUTH_SECRET:[\s\S]*STRAVA_BASE_URL: STRAVA_BASE_URL must be an http\(s\) URL[\s\S]*MAX_UPLOAD_MB:/,
    );
  });
});

describe("stravaConfigured", () => {
  it("needs both the client id and the client secret", () => {
    expect(stravaConfigured(parseEnv({ STRAVA_CLIENT_ID: "123", STRAVA_CLIENT_SECRET: "s" }))).toBe(true);
    expect(stravaConfigured(parseEnv({ STRAVA_CLIENT_ID: "123" }))).toBe(false);
    expect(stravaConfigured(parseEnv({ STRAVA_CLIENT_ID: "123", STRAVA_CLIENT_SECRET: "" }))).toBe(false);
  });
});

describe("sign-up, session and proxy settings", () => {
  it("defaults: SIGNUP unset (decided by whether an account exists), 10 sign-ups an hour, 14-day sessions, no trusted proxy", () => {
    const e = parseEnv({});
    expect(e.SIGNUP).toBeUndefined();
    expect(e.SIGNUP_PER_HOUR).toBe(10);
    expect(e.SESSION_MAX_AGE_DAYS).toBe(14);
    expect(e.TRUST_PROXY).toBe("0");
    expect(sessionMaxAgeSeconds({})).toBe(1_209_600); // 14 × 86,400
    expect(trustProxy({})).toBe(false);
  });

  it("reads valid values", () => {
    const e = parseEnv({ SIGNUP: "closed", SIGNUP_PER_HOUR: "0", SESSION_MAX_AGE_DAYS: "0.5", TRUST_PROXY: "1" });
    expect([e.SIGNUP, e.SIGNUP_PER_HOUR, e.SESSION_MAX_AGE_DAYS, e.TRUST_PROXY]).toEqual(["closed", 0, 0.5, "1"]);
    expect(sessionMaxAgeSeconds({ SESSION_MAX_AGE_DAYS: "0.5" })).toBe(43_200);
    expect(trustProxy({ TRUST_PROXY: "1" })).toBe(true);
  });

  it("rejects bad values with the variable's name", () => {
    expect(() => parseEnv({ SIGNUP: "sometimes" })).toThrow(/SIGNUP: SIGNUP must be "open", "invite" or "closed"/);
    expect(() => parseEnv({ SIGNUP_PER_HOUR: "2.5" })).toThrow(/SIGNUP_PER_HOUR:/);
    expect(() => parseEnv({ SESSION_MAX_AGE_DAYS: "0" })).toThrow(/SESSION_MAX_AGE_DAYS: SESSION_MAX_AGE_DAYS must be positive/);
    expect(() => parseEnv({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY: TRUST_PROXY must be "1" or "0"/);
  });
});
