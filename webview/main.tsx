/**
 * Entry of the webview bundle (dist/webview.js, dist/webview.css).
 */
import { createRoot } from 'react-dom/client';
import 'reactflow/dist/style.css';
import './styles.css';
import { App } from './App';
import { getVsCodeApi } from './vscodeApi';

const container = document.getElementById('root');
if (container) createRoot(container).render(<App api={getVsCodeApi()} />);
