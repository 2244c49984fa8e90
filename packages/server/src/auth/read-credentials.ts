/**
 * The API key of an `Authorization` header: `Token <key>` (Mem0's scheme) or `Bearer <key>`, scheme in any case;
 * undefined when the header is missing or has another form.
 */
export function readCredentials(header: string | undefined): string | undefined {
  const match = header?.match(/^\s*(?:token|bearer)\s+(\S+)\s*$/i);
  return match?.[1];
}
