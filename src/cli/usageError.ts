import { MmlabError } from "../core/errors.ts";

/** Bad command-line usage (exit code 2). */
export class UsageError extends MmlabError {
  static override readonly kind: string = "UsageError";
}
