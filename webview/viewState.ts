/**
 * What the webview keeps through `vscode.setState`: only how the canvas is looked at (viewport,
 * selection, snapping, whether the palette is open). The workflow itself always comes from the
 * host, so a stale copy can never win.
 *
 * Checked by hand rather than with zod: six fields do not justify the ~190 KB zod adds to the
 * canvas bundle, which otherwise needs no runtime validation (the host validates what the
 * webview sends; see src/protocol/messages.ts).
 */
import type { VsCodeApi } from './vscodeApi';

const INSPECTOR_TABS = ['configure', 'output', 'input', 'logs', 'error'] as const;

/** The canvas' view state. */
export interface ViewState {
  viewport?: { x: number; y: number; zoom: number };
  selectedNodeIds?: string[];
  /** Whether dragged nodes snap to the 20px grid. */
  snapToGrid?: boolean;
  /** Whether the node palette is shown beside the canvas. */
  paletteOpen?: boolean;
  /** Width of the inspector panel (px). */
  inspectorWidth?: number;
  /** The inspector's open tab. */
  inspectorTab?: (typeof INSPECTOR_TABS)[number];
}

type Check = (value: unknown) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isPositive: Check = (value) => isNumber(value) && (value as number) > 0;
const isBoolean: Check = (value) => typeof value === 'boolean';

/** One check per field; a field that is present must pass it. */
const FIELDS: { [K in keyof Required<ViewState>]: Check } = {
  viewport: (v) => isRecord(v) && isNumber(v.x) && isNumber(v.y) && isPositive(v.zoom),
  selectedNodeIds: (v) => Array.isArray(v) && v.every((id) => typeof id === 'string'),
  snapToGrid: isBoolean,
  paletteOpen: isBoolean,
  inspectorWidth: isPositive,
  inspectorTab: (v) => (INSPECTOR_TABS as readonly unknown[]).includes(v),
};

const viewportOf = ({ x, y, zoom }: Required<ViewState>['viewport']): Required<ViewState>['viewport'] => ({ x, y, zoom });

/**
 * The known fields of `raw` when every present one is well-formed, else an empty state (an old
 * or foreign shape is dropped whole, never half-trusted).
 */
export function parseViewState(raw: unknown): ViewState {
  if (!isRecord(raw)) return {};
  const state: Record<string, unknown> = {};
  for (const [key, check] of Object.entries(FIELDS)) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!check(value)) return {};
    // Unknown keys are left behind, the viewport's included.
    state[key] = key === 'viewport' ? viewportOf(value as Required<ViewState>['viewport']) : value;
  }
  return state as ViewState;
}

/** The saved view state, or an empty one when there is none or it has an old shape. */
export function loadViewState(api: VsCodeApi): ViewState {
  return parseViewState(api.getState());
}

/** Merges `patch` into the saved view state. */
export function saveViewState(api: VsCodeApi, patch: ViewState): void {
  api.setState({ ...loadViewState(api), ...patch });
}
