#!/usr/bin/env node
// The `mmlab` command. An installed package runs its compiled JavaScript (dist/, `npm run build`);
// a checkout of the sources runs them through tsx, without a build step.
import { existsSync } from "node:fs";

const sources = new URL("../src/cli.ts", import.meta.url);
if (existsSync(sources)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(sources.href);
} else {
  await import("../dist/cli.js");
}
