import { describe, expect, it } from "vitest";
import { indexText, textsAtPath, tokenizeIndexPath } from "./index-paths.js";

// The extractor InMemoryStore uses; the package does not export it, so the test loads the file directly.
const upstreamFile = "../node_modules/@langchain/langgraph-checkpoint/dist/store/utils.js";
const { getTextAtPath, tokenizePath } = (await import(/* @vite-ignore */ upstreamFile)) as {
  getTextAtPath: (value: unknown, path: string) => string[];
  tokenizePath: (path: string) => string[];
};

const value = {
  text: "hello",
  count: 3,
  flag: false,
  empty: null,
  meta: { title: "guide", tags: ["a", "b"], deep: { x: 1 } },
  chapters: [{ body: "one", n: 1 }, { body: "two" }, { title: "no body" }],
  matrix: [
    [1, 2],
    [3, 4],
  ],
};

const paths = [
  "$",
  "text",
  "count",
  "flag",
  "empty",
  "missing",
  "meta",
  "meta.title",
  "meta.tags",
  "meta.tags[*]",
  "meta.tags[0]",
  "meta.tags[-1]",
  "meta.tags[5]",
  "meta.deep.x",
  "chapters[*].body",
  "chapters[1].body",
  "chapters[-1].title",
  "chapters[*]",
  "matrix[*][1]",
  "*",
  "meta.*",
  "{text,meta.title}",
  "{text,missing,count}",
  "meta.{title,deep}",
  "text[0]",
  "chapters[x]",
];

describe("index paths", () => {
  it.each(paths)("extracts %s exactly like InMemoryStore", (path) => {
    expect(textsAtPath(value, path)).toEqual(getTextAtPath(value, path));
    expect(tokenizeIndexPath(path)).toEqual(tokenizePath(path));
  });

  it("joins the texts of several paths into the text Engram embeds", () => {
    expect(indexText(value, ["text", "chapters[*].body", "missing"])).toBe("hello\none\ntwo");
    expect(indexText(value, ["missing"])).toBe("");
  });
});
