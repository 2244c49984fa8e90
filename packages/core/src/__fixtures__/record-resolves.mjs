// Loaded with --import by lazy-loading.test.ts: records resolved module URLs containing RECORD_MATCH in RECORD_FILE.
import { register } from "node:module";

register(new URL("./record-resolves-hooks.mjs", import.meta.url), {
  data: { file: process.env.RECORD_FILE, match: process.env.RECORD_MATCH },
});
