/**
 * `$secrets.NAME` values in VS Code's SecretStorage (the OS keychain), never in files or
 * settings. SecretStorage is per extension, not per workspace, so the name index lives in
 * globalState too.
 */
import type * as vscode from 'vscode';
import type { SecretsService } from '../contract';
import { secretsOver } from './secretIndex';

/** The secrets of this extension, on `context.secrets`. */
export function createSecretsService(context: vscode.ExtensionContext): SecretsService {
  return secretsOver(context.secrets, context.globalState);
}
