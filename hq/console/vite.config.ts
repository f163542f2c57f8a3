import { defineConfig } from "vite";

// Head office serves dist/ at https://…/ (any unknown path answers index.html). The app imports the
// desk's money formatting from ../../ui/src/money.ts (shared, not copied).
export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist",
    target: "es2020",
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
