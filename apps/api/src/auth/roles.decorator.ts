import { SetMetadata } from '@nestjs/common';
import type { Role } from './principal';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Roles allowed on a route. Routes without it (and not @Public) need any valid key. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route that needs no key (health). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
