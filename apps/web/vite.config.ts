import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite 8 bundles with rolldown: `build.rolldownOptions.output.codeSplitting.groups` replaces
// rollup's `manualChunks` (which rolldown only keeps, deprecated, in function form).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is kept as one long-cached vendor chunk (~1 MB, ~330 kB gzip, grows with the components the
    // pages use); it is expected to exceed Vite's 500 kB default. Our own code is split from it.
    chunkSizeWarningLimit: 1300,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/,
              priority: 20,
            },
            {
              name: 'echarts',
              test: /[\\/]node_modules[\\/](echarts|zrender|tslib)[\\/]/,
              priority: 15,
            },
            {
              name: 'antd',
              test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|@emotion|stylis)[\\/]/,
              priority: 10,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
