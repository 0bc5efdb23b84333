import { hash, verify } from '@node-rs/argon2';
import { passwordPolicyText } from '@anzhi/contracts/auth';

// argon2id with OWASP's recommended minimum (19 MiB, 2 passes).
const options = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum, unusable under verbatimModuleSyntax) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A password hash to verify against when the user does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('dummy-password-Aa1!');
  return dummyHash;
}

/** MLPS 2.0 level 3: at least 8 characters from at least 3 of the 4 classes. Returns a Chinese reason or null. */
export function passwordPolicyViolation(password: string, username?: string): string | null {
  if (password.length < 8) return passwordPolicyText;
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return passwordPolicyText;
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return '密码不能包含用户名';
  }
  return null;
}
