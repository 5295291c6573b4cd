import type { Provider } from '@nestjs/common';
import { FileKeyStore } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '../../config/app.config';

/** The checkpoint signing key lives in the data dir (audit-keys/, private key 0600). */
export const auditKeyStoreProvider: Provider = {
  provide: FileKeyStore,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new FileKeyStore(config.dataDir, config.signingKeyPem),
};
