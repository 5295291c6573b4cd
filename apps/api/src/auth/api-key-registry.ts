import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRole, ROLES, type Principal, type Role } from './principal';

interface StoredKey {
  name: string;
  role: Role;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  sha256: string;
}

export const KEYS_FILE = 'api-keys.json';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Parses `name:role:key,...` (API_KEYS). */
export function parseApiKeys(spec: string): { name: string; role: Role; key: string }[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const [name, role, ...rest] = entry.split(':');
      const key = rest.join(':');
      if (!name || !role || !isRole(role) || key.length < 8) {
        throw new Error(
          `API_KEYS entry "${name ?? ''}:${role ?? ''}:…" must be name:role:key with role in ${ROLES.join('|')} and a key of 8+ characters`,
        );
      }
      return { name, role, key };
    });
}

/** Known API keys by hash; answers who a presented key belongs to. */
export class ApiKeyRegistry {
  private constructor(private readonly keys: StoredKey[]) {}

  static fromSpec(spec: string): ApiKeyRegistry {
    return new ApiKeyRegistry(
      parseApiKeys(spec).map(({ name, role, key }) => ({ name, role, sha256: hashKey(key) })),
    );
  }

  /**
   * Loads the keys file of the data dir. When there is none, creates one key per role, stores only their
   * hashes and returns the plain keys so that the caller can print them once.
   */
  static fromDataDir(dataDir: string): {
    registry: ApiKeyRegistry;
    created?: { name: string; role: Role; key: string }[];
  } {
    const file = join(dataDir, KEYS_FILE);
    if (existsSync(file)) return { registry: ApiKeyRegistry.fromFile(file) };
    const created = ROLES.map((role) => ({
      name: `${role}-1`,
      role,
      key: `mt_${role}_${randomBytes(24).toString('base64url')}`,
    }));
    mkdirSync(dataDir, { recursive: true });
    const keys = created.map(({ name, role, key }) => ({ name, role, sha256: hashKey(key) }));
    // Written whole under a name of its own, then linked into place: the link fails if the file exists, so
    // of replicas starting together on a shared data dir one creates the keys and the others load them.
    const temp = join(dataDir, `${KEYS_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    writeFileSync(temp, JSON.stringify({ keys }, null, 2), { mode: 0o600 });
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return { registry: ApiKeyRegistry.fromFile(file) };
    } finally {
      rmSync(temp, { force: true });
    }
    return { registry: new ApiKeyRegistry(keys), created };
  }

  private static fromFile(file: string): ApiKeyRegistry {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { keys: StoredKey[] };
    return new ApiKeyRegistry(stored.keys.filter((k) => isRole(k.role)));
  }

  identify(presented: string): Principal | undefined {
    const digest = Buffer.from(hashKey(presented), 'hex');
    const match = this.keys.find((k) => timingSafeEqual(Buffer.from(k.sha256, 'hex'), digest));
    return match ? { name: match.name, role: match.role } : undefined;
  }
}
