import fastifyHelmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * One policy for the API and the dashboard: everything from this origin only, no framing, no plugins. The
 * dashboard is a Vite build (module script and stylesheet files, no inline code), so it needs nothing more.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  // data: for the dashboard's empty favicon and Swagger UI's SVG icons.
  imgSrc: ["'self'", 'data:'],
  styleSrc: ["'self'"],
};

/**
 * Swagger UI's page carries inline <style> blocks and style attributes (its scripts are files): /docs alone
 * may use inline styles. Scripts stay 'self', so an injected script still cannot run there.
 */
const DOCS_DIRECTIVES = { ...DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] };

const isDocsPage = (url: string): boolean => url === '/docs' || url.startsWith('/docs/');

/** Helmet's headers on every answer; call before any route is registered (the /docs policy is set per route). */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (!isDocsPage(route.url)) return;
      route.config = Object.assign(route.config ?? {}, {
        helmet: { contentSecurityPolicy: { useDefaults: false, directives: DOCS_DIRECTIVES } },
      });
    });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Served over plain HTTP on a local port as often as behind TLS: HSTS belongs to the TLS proxy.
    strictTransportSecurity: false,
  });
}
