export const ROLES = ['operator', 'viewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller, as established from its API key. */
export interface Principal {
  name: string;
  role: Role;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
