/**
 * What the webview keeps through `vscode.setState`: only how the canvas is looked at (viewport,
 * selection, snapping, whether the palette is open). The workflow itself always comes from the
 * host, so a stale copy can never win.
 */
import { z } from 'zod';
import type { VsCodeApi } from './vscodeApi';

const ViewStateSchema = z.object({
  viewport: z.object({ x: z.number(), y: z.number(), zoom: z.number().positive() }).optional(),
  selectedNodeIds: z.array(z.string()).optional(),
  /** Whether dragged nodes snap to the 20px grid. */
  snapToGrid: z.boolean().optional(),
  /** Whether the node palette is shown beside the canvas. */
  paletteOpen: z.boolean().optional(),
  /** Width of the inspector panel (px). */
  inspectorWidth: z.number().positive().optional(),
  /** The inspector's open tab. */
  inspectorTab: z.enum(['configure', 'output', 'input', 'logs', 'error']).optional(),
});

/** The canvas' view state. */
export type ViewState = z.infer<typeof ViewStateSchema>;

/** The saved view state, or an empty one when there is none or it has an old shape. */
export function loadViewState(api: VsCodeApi): ViewState {
  const parsed = ViewStateSchema.safeParse(api.getState());
  return parsed.success ? parsed.data : {};
}

/** Merges `patch` into the saved view state. */
export function saveViewState(api: VsCodeApi, patch: ViewState): void {
  api.setState({ ...loadViewState(api), ...patch });
}
