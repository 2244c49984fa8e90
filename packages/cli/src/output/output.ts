import pc from "picocolors";

/** The colours of one stream: real ones on a TTY (unless NO_COLOR is set), none otherwise. */
export type Colors = ReturnType<typeof pc.createColors>;

/** Where a command writes: text for people, or one JSON document for scripts. */
export interface Output {
  /** True with `--json`. */
  json: boolean;
  /** Colours for stdout text. */
  colors: Colors;
  /** Prints `data` as JSON with `--json`, else the text `human()` builds. */
  result(data: unknown, human: () => string): void;
  /** A line for people on stderr (never in --json output or a redirected export). */
  note(text: string): void;
  /** Writes raw text to stdout (JSONL exports). */
  write(text: string): Promise<void>;
}

/** True when colour may be used on `stream`. */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

/** Creates the output of one command run. */
export function createOutput(json: boolean): Output {
  const colors = pc.createColors(!json && colorEnabled(process.stdout));
  return {
    json,
    colors,
    result(data, human) {
      process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    note(text) {
      process.stderr.write(`${text}\n`);
    },
    write(text) {
      return new Promise((resolve, reject) => {
        if (process.stdout.write(text)) resolve();
        else process.stdout.once("drain", resolve).once("error", reject);
      });
    },
  };
}
