import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /docs-json and its UI at /docs. */
export function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Migration tracker')
      .setDescription(
        'Event-sourced tracker of region-by-region user-data migrations against a deadline. ' +
          'Operators log steps; dashboards read progress; auditors replay and verify history. ' +
          'Errors are `{ error, message, details }`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key (operator, viewer or auditor)' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
