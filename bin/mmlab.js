#!/usr/bin/env node
// The `mmlab` command. An installed package runs its compiled bundle (dist/bundle/, `npm run build`);
// a checkout runs its sources, compiled once into a cached bundle (bin/sourceBundle.js), or
// through tsx when they cannot be (MMLAB_SOURCES=tsx asks for tsx).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const sources = new URL("../src/cli.ts", import.meta.url);
if (existsSync(sources)) {
  const { sourceBundle } = await import("./sourceBundle.js");
  const bundle = process.env.MMLAB_SOURCES === "tsx" ? null : await sourceBundle(fileURLToPath(new URL("../", import.meta.url)));
  if (bundle !== null) {
    await import(new URL("cli.js", bundle).href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    await import(sources.href);
  }
} else {
  await import("../dist/bundle/cli.js");
}
