import { routeLabel, STATIC_ROUTE, UNMATCHED_ROUTE } from './http-metrics.hook';

describe('the route label of HTTP metrics', () => {
  it('is the route pattern of an API route, whatever the URL was', () => {
    expect(routeLabel('/programs/:programId/markets/:market/progress')).toBe(
      '/programs/:programId/markets/:market/progress',
    );
    expect(routeLabel('/')).toBe('/');
    expect(routeLabel('/docs-json')).toBe('/docs-json');
  });

  it('is one value for every file served as it is, hashed assets included, so a build adds no series', () => {
    expect(routeLabel('/assets/index-BbsRfK-W.js')).toBe(STATIC_ROUTE);
    expect(routeLabel('/assets/index-CYRvD2vs.css')).toBe(STATIC_ROUTE);
    expect(routeLabel('/index.html')).toBe(STATIC_ROUTE);
    expect(routeLabel('/docs/swagger-ui-bundle.js')).toBe(STATIC_ROUTE);
  });

  it('is one value for a request no route matched', () => {
    expect(routeLabel(undefined)).toBe(UNMATCHED_ROUTE);
  });
});
