/**
 * A strategy module for tests of failing suite runs: building it fails, with a user's error
 * (`strategy.params.kind=user`: one line, exit 1) or a bug (`kind=bug`: "internal error", exit 70).
 */
import { z } from "zod";
import { MmlabError } from "../../../src/core/errors.ts";
import { defineStrategy } from "../../../src/strategy/api.ts";

export default defineStrategy({
  name: "failing",
  description: "fails when it is built",
  params: z.strictObject({ kind: z.enum(["user", "bug"]).default("user") }),
  create({ params }) {
    if (params.kind === "user") throw new MmlabError("failing strategy: refused to start");
    throw new TypeError("failing strategy: a bug");
  },
});
