import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Served by the API at /console/; index.html is the fallback for client routes (see ConsoleSetup.cs).
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // Element Plus and the editor change rarely; separate chunks stay cached across console releases.
        manualChunks(id: string) {
          if (id.includes('node_modules/@wangeditor')) return 'editor'
          if (id.includes('node_modules/@zxing')) return 'scanner'
          if (id.includes('node_modules/element-plus')) return 'element'
          return undefined
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5080', '/files': 'http://127.0.0.1:5080' } },
})
