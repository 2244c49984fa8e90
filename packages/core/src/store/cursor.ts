import { InvalidArgumentError } from "../errors/index.js";

/** The sort key a page cursor points after: (createdAt, id), descending. */
export interface CursorPosition {
  /** createdAt of the last item of the previous page. */
  createdAt: string;
  /** id of the last item of the previous page. */
  id: string;
}

/** Encodes a cursor position as an opaque string. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), "utf8").toString("base64url");
}

/** Decodes a cursor, throwing a clear error for anything that is not one. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof createdAt === "string" && typeof id === "string") return { createdAt, id };
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError({
    argument: "options.cursor",
    message: "not a cursor returned by getAll(); pass the nextCursor of the previous page unchanged.",
  });
}

/** Newest-first order: createdAt descending, then id descending. */
export function compareNewestFirst(a: CursorPosition, b: CursorPosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
