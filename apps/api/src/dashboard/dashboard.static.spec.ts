import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { dashboardDir, projectRoot, registerDashboard } from './dashboard.static';

@Module({})
class EmptyModule {}

describe('finding the built dashboard', () => {
  it('finds the repo root from the sources (tests) and from the compiled output (npm start, Docker)', () => {
    const repo = resolve(__dirname, '..', '..', '..', '..');
    expect(projectRoot(__dirname)).toBe(repo);
    expect(dashboardDir(projectRoot(__dirname))).toBe(join(repo, 'dist', 'dashboard'));

    const image = mkdtempSync(join(tmpdir(), 'tracker-image-'));
    try {
      writeFileSync(join(image, 'package.json'), JSON.stringify({ name: 'migration-tracker' }));
      const compiled = join(image, 'dist', 'apps', 'api', 'apps', 'api', 'src', 'dashboard');
      mkdirSync(compiled, { recursive: true });
      // A package.json of another package on the way up is not the root.
      writeFileSync(join(image, 'dist', 'package.json'), JSON.stringify({ name: 'something-else' }));
      expect(projectRoot(compiled)).toBe(image);
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });

  it('answers / with a 503 page and says so in the log when the dashboard was not built', async () => {
    const app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
      logger: false,
    });
    const warnings: string[] = [];
    try {
      const served = await registerDashboard(app, join(tmpdir(), 'no-dashboard-here'), (m) =>
        warnings.push(m),
      );
      await app.init();
      const answer = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/' });
      expect(served).toBe(false);
      expect(answer.statusCode).toBe(503);
      expect(answer.body).toContain('npm run build:dashboard');
      expect(warnings).toEqual([expect.stringContaining('dashboard not built')]);
    } finally {
      await app.close();
    }
  });
});
