/**
 * The small toolbar over the canvas: palette, sticky note, auto-layout, snap to grid, zoom and
 * fit. Every button has an accessible name and shows its shortcut in its tooltip.
 */
import { memo } from 'react';
import { Codicon } from '../icons';
import { shortcutLabel, type CanvasCommand } from './shortcuts';

/** Props of the toolbar. */
export interface CanvasToolbarProps {
  paletteOpen: boolean;
  snapToGrid: boolean;
  onTogglePalette(): void;
  onToggleSnap(): void;
  onCommand(command: CanvasCommand): void;
}

function ToolButton({ id, icon, label, shortcut, pressed, onClick }: { id: string; icon: string; label: string; shortcut?: string; pressed?: boolean; onClick(): void }) {
  return (
    <button
      id={id}
      type="button"
      className="icon-button"
      aria-label={label}
      aria-pressed={pressed}
      title={shortcut ? `${label} (${shortcut})` : label}
      onClick={onClick}
    >
      <Codicon name={icon} />
    </button>
  );
}

function CanvasToolbarImpl({ paletteOpen, snapToGrid, onTogglePalette, onToggleSnap, onCommand }: CanvasToolbarProps) {
  return (
    <div id="canvas-toolbar" role="toolbar" aria-label="Canvas tools">
      <ToolButton id="tool-palette" icon="add" label="Node palette" shortcut={shortcutLabel('addNode')} pressed={paletteOpen} onClick={onTogglePalette} />
      <ToolButton id="tool-sticky" icon="note" label="Add sticky note" shortcut={shortcutLabel('addSticky')} onClick={() => onCommand('addSticky')} />
      <ToolButton id="tool-layout" icon="type-hierarchy-sub" label="Auto-layout" shortcut={shortcutLabel('autoLayout')} onClick={() => onCommand('autoLayout')} />
      <ToolButton id="tool-snap" icon="magnet" label="Snap to grid" pressed={snapToGrid} onClick={onToggleSnap} />
      <span className="toolbar-separator" role="separator" />
      <ToolButton id="tool-zoom-out" icon="zoom-out" label="Zoom out" shortcut={shortcutLabel('zoomOut')} onClick={() => onCommand('zoomOut')} />
      <ToolButton id="tool-zoom-in" icon="zoom-in" label="Zoom in" shortcut={shortcutLabel('zoomIn')} onClick={() => onCommand('zoomIn')} />
      <ToolButton id="tool-fit" icon="screen-full" label="Fit view" shortcut={shortcutLabel('fitView')} onClick={() => onCommand('fitView')} />
    </div>
  );
}

/** The toolbar. */
export const CanvasToolbar = memo(CanvasToolbarImpl);
