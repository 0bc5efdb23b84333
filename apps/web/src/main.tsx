import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { installSessionRedirect } from './app/session';

installSessionRedirect();

const container = document.getElementById('root');
if (container === null) throw new Error('Element #root is missing in index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
