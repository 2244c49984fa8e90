import { dotKernelBase64 } from "./dot-kernel-bytes.js";

/** A kernel entry: (matrix, width, rows, count, query, out), every pointer a byte offset into the memory. */
export type DotsFunction = (
  matrix: number,
  width: number,
  rows: number,
  count: number,
  query: number,
  out: number,
) => void;

/** One instance of the kernel module: its own memory and both scans. */
export interface DotKernel {
  /** The instance's memory (grown by the caller). */
  memory: WebAssembly.Memory;
  /** f32 rows · f32 query → f32 out. */
  dots: DotsFunction;
  /** i8 rows · i16 query → i32 out (rows of a multiple of 16 bytes). */
  dotsI8: DotsFunction;
}

/** Bytes in one WebAssembly memory page. */
export const pageBytes = 65_536;

let kernelModule: WebAssembly.Module | null | undefined;

/** A new kernel instance with at least `pages` pages of memory, or null where WebAssembly SIMD is unavailable. */
export function instantiateDotKernel(pages: number): DotKernel | null {
  if (kernelModule === undefined) {
    const bytes = Buffer.from(dotKernelBase64, "base64");
    kernelModule =
      typeof WebAssembly === "object" && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (!kernelModule) return null;
  const instance = new WebAssembly.Instance(kernelModule, {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  memory.grow(Math.max(0, pages - memory.buffer.byteLength / pageBytes));
  return {
    memory,
    dots: instance.exports.dots as DotsFunction,
    dotsI8: instance.exports.dots_i8 as DotsFunction,
  };
}
