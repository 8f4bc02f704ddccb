/**
 * Secrets over a key-value vault (VS Code's SecretStorage) that cannot list its keys, plus an
 * index of the names kept beside it (a Memento), so that pickers can offer the names. Values
 * live only in the vault; the index never holds one. vscode-free, so it is unit-tested in Node.
 */
import type { SecretsService } from '../contract';

/** The slice of `vscode.SecretStorage` used here. */
export interface SecretVault {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** The slice of `vscode.Memento` used here. */
export interface NameIndexStorage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** Memento key of the list of secret names. */
export const SECRET_NAMES_KEY = 'workflowStudio.secretNames';
// Namespaced so that a secret called like another extension setting cannot collide with it.
const VAULT_PREFIX = 'workflowStudio.secret.';

/** Builds the SecretsService over `vault`, indexing names in `index`. */
export function secretsOver(vault: SecretVault, index: NameIndexStorage): SecretsService {
  const read = () => index.get<string[]>(SECRET_NAMES_KEY) ?? [];
  // Index updates are serialized so that two quick `set`s cannot drop each other's name.
  let chain: Promise<void> = Promise.resolve();
  const updateIndex = (change: (names: Set<string>) => void) => {
    chain = chain.then(async () => {
      const names = new Set(read());
      change(names);
      await index.update(SECRET_NAMES_KEY, [...names].sort());
    });
    return chain;
  };
  const checked = (name: string) => {
    const trimmed = name.trim();
    if (trimmed === '') throw new RangeError('a secret needs a name');
    return trimmed;
  };
  return {
    async get(name) {
      return vault.get(VAULT_PREFIX + checked(name));
    },
    async set(name, value) {
      const key = checked(name);
      await vault.store(VAULT_PREFIX + key, value);
      await updateIndex((names) => names.add(key));
    },
    async delete(name) {
      const key = checked(name);
      await vault.delete(VAULT_PREFIX + key);
      await updateIndex((names) => names.delete(key));
    },
    async names() {
      await chain;
      return read();
    },
  };
}
