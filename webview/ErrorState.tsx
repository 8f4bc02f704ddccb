/**
 * What a file that does not parse or validate shows instead of the canvas: its problems and a
 * way to the text editor. The canvas sends no edits in this state, and the host would refuse them.
 */
import type { ProblemView } from '../src/protocol/view';

/** Props of the error state. */
export interface ErrorStateProps {
  problems: readonly ProblemView[];
  /** Opens the text editor, with the cursor on `at` when a problem was chosen. */
  onOpenAsText(at?: { line: number; column: number }): void;
}

/** The error state. */
export function ErrorState({ problems, onOpenAsText }: ErrorStateProps) {
  return (
    <div id="error-state" role="alert">
      <h2>This workflow file cannot be shown as a canvas</h2>
      <p>Fix these problems in the text editor; the canvas comes back as soon as the file is valid. Nothing is written to the file from here.</p>
      <ul className="problems">
        {problems.map((p, index) => (
          <li className="problem" key={index}>
            {/* A button: clicked or chosen with Enter, the text editor opens on the problem. */}
            <button type="button" className="problem-link" title="Show in the text editor" onClick={() => onOpenAsText({ line: p.line, column: p.column })}>
              <span className="problem-location">
                {p.line}:{p.column}
              </span>{' '}
              <span className="problem-message">{p.message}</span>
            </button>
          </li>
        ))}
      </ul>
      <button id="open-as-text" type="button" onClick={() => onOpenAsText()}>
        Open as Text
      </button>
    </div>
  );
}
