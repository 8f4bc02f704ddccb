/**
 * Entry of the webview bundle (dist/webview.js, dist/webview.css).
 */
import { createRoot } from 'react-dom/client';
import '@vscode/codicons/dist/codicon.css';
import 'reactflow/dist/style.css';
import './styles.css';
import { App } from './App';
// Last, after every component's stylesheet: theme-kind and accessibility rules (see the file).
import './theme.css';
import { getVsCodeApi } from './vscodeApi';
import { keepSelectAllInFields } from './fieldSelectAll';

keepSelectAllInFields(document);
const container = document.getElementById('root');
if (container) createRoot(container).render(<App api={getVsCodeApi()} />);
