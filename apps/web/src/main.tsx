import './app/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { i18nReady } from './i18n';

const root = document.getElementById('root');
if (!root) throw new Error('#root element is missing from index.html');

// The first screen is drawn in its language, never in keys.
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
