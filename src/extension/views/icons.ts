/** Turns the models' icon specs into ThemeIcons. */
import * as vscode from 'vscode';
import type { IconSpec } from './model/status';

/** A ThemeIcon with the spec's colour, if any. */
export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}
