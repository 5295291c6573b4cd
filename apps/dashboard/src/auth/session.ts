/** The API key lives in sessionStorage only: it is gone when the browser session ends, never on disk for long. */
const STORAGE_KEY = 'migration-tracker.api-key';

export const session = {
  key(): string | null {
    return sessionStorage.getItem(STORAGE_KEY);
  },
  signIn(key: string): void {
    sessionStorage.setItem(STORAGE_KEY, key);
  },
  signOut(): void {
    sessionStorage.removeItem(STORAGE_KEY);
  },
};
