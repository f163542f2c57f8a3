// ECharts and zrender are compiled with tslib, whose `__extends` assigns `this.constructor`. The shell
// freezes Object.prototype (tauri's freezePrototype), and then that assignment throws in strict code
// (the "override mistake"). Vite points `tslib` here: the same helpers, with `__extends` defining the
// property instead, not enumerable as in a native class (ECharts copies a prototype's enumerable names
// onto plain objects, which must not include `constructor`).
export * from "tslib/tslib.es6.js";

export function __extends(d: Function, b: Function | null): void {
  if (typeof b !== "function" && b !== null) {
    throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
  }
  Object.setPrototypeOf(d, b);
  d.prototype =
    b === null
      ? Object.create(null)
      : Object.create(b.prototype, { constructor: { value: d, writable: true, enumerable: false, configurable: true } });
}
