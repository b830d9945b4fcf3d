import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Served by the API at /console/; index.html is the fallback for client routes (see ConsoleSetup.cs).
export default defineConfig({
  base: '/console/',
  plugins: [
    vue(),
    // Element Plus components (and their CSS) are imported where a page uses them, so the sign-in page stays small.
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No manual chunks: the editor and the scanner are reached through lazy imports only (a page, a button), so
    // they land in chunks of their own that the sign-in page never loads.
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5080', '/files': 'http://127.0.0.1:5080' } },
})
