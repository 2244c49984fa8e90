// The few WebAssembly declarations the similarity kernel needs (the project's `lib` has no DOM typings).
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  type Module = object;
  interface Instance {
    readonly exports: Record<string, unknown>;
  }
}

declare var WebAssembly: {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WebAssembly.Module;
  Instance: new (module: WebAssembly.Module, imports: object) => WebAssembly.Instance;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WebAssembly.Memory;
};
