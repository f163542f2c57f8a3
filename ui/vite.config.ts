import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

// No dev server is needed to run the app: Tauri loads the built files from dist/.
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic" },
  resolve: {
    // See src/shims/tslib.ts: lets the charts run with Object.prototype frozen.
    alias: [{ find: /^tslib$/, replacement: fileURLToPath(new URL("./src/shims/tslib.ts", import.meta.url)) }],
  },
  build: {
    outDir: "dist",
    target: "safari15",
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // antd marks its modules "use client" (for React server components); meaningless in this app.
      onwarn(w: { code?: string }, warn: (w: unknown) => void) {
        if (w.code !== "MODULE_LEVEL_DIRECTIVE") warn(w);
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
} as any);
