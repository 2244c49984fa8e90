// Module resolution hook registered by record-resolves.mjs.
import { appendFileSync } from "node:fs";

let options;

export function initialize(data) {
  options = data;
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (options?.file && options.match && result.url.includes(options.match))
    appendFileSync(options.file, `${result.url}\n`);
  return result;
}
