/** Secrets for headless runs: `$secrets.NAME` comes from the environment variable `WORKFLOW_SECRET_NAME`. */
import type { SecretProvider } from '../core/engine/runtime';

export const SECRET_ENV_PREFIX = 'WORKFLOW_SECRET_';

export function envSecrets(env: Record<string, string | undefined>): SecretProvider {
  return { get: (name) => env[SECRET_ENV_PREFIX + name] };
}
