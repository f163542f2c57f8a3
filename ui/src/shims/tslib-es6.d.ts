// Types of the file src/shims/tslib.ts re-exports: tslib's own.
declare module "tslib/tslib.es6.js" {
  export * from "tslib";
}
