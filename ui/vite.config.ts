import { defineConfig } from "vite";

// No dev server is needed to run the app: Tauri loads the built files from dist/.
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    target: "safari15",
    chunkSizeWarningLimit: 4000,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
  },
} as any);
