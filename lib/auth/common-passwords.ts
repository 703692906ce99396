import { dictionary } from "@zxcvbn-ts/language-common";

/**
 * The common-password list of zxcvbn-ts (@zxcvbn-ts/language-common): about 30,000 passwords
 * ranked by how often they appear in leaked password sets, the list the zxcvbn strength estimator
 * uses. Compared without case, as attackers try every casing of a popular password.
 */
let common: Set<string> | undefined;

export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common.has(password.normalize("NFKC").toLowerCase());
}
