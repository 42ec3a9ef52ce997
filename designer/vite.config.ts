import { fileURLToPath, URL } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/**
 * The designer is served by runtime-api from designer/dist at `/`, REST under `/api`.
 * `npm run dev -w @tongban/designer` proxies /api to TONGBAN_API (default http://localhost:3000).
 */
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      // The engine's moddle descriptor, used as is (never copied by hand).
      '@tongban/moddle-descriptor': fileURLToPath(new URL('../engine/src/model/tongban.json', import.meta.url)),
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: {
    proxy: { '/api': { target: process.env.TONGBAN_API ?? 'http://localhost:3000', changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
});
