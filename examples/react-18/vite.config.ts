import { defineConfig } from 'vite';

export default defineConfig({
  // React's automatic JSX runtime; no plugin needed for a production build.
  oxc: { jsx: { runtime: 'automatic' } },
  // In this repository React 19 sits in the root node_modules and passwordless-login/react is a
  // workspace link: one React, this app's 18, for every import. (An app of its own needs nothing.)
  resolve: { dedupe: ['react', 'react-dom'] },
});
