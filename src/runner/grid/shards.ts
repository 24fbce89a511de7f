import { MmlabError } from "../../core/errors.ts";

/** Shard `index` of `count`: it runs the points whose index % count == index. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses "i/n" (0 ≤ i < n). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new MmlabError(`--shard "${text}": expected i/n, e.g. 0/4 (0-based)`);
  return checkShard(Number(m[1]), Number(m[2]), `--shard ${text}`);
}

/**
 * The shard to run: `--shard i/n`, else a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with n
 * from --shards or MMLAB_SHARDS), else a Slurm array (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN
 * of SLURM_ARRAY_TASK_COUNT); null: the whole grid.
 */
export function resolveShard(options: { shard?: string; shards?: number }, env: NodeJS.ProcessEnv = process.env): Shard | null {
  if (options.shard !== undefined) return parseShard(options.shard);
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined && k8s !== "") {
    const count = options.shards ?? (env.MMLAB_SHARDS ? Number(env.MMLAB_SHARDS) : undefined);
    if (count === undefined) throw new MmlabError(`JOB_COMPLETION_INDEX=${k8s} is set but not the number of shards: pass --shards N or set MMLAB_SHARDS (the Job's completions)`);
    return checkShard(Number(k8s), count, `JOB_COMPLETION_INDEX=${k8s}, ${count} shards`);
  }
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined && slurm !== "") {
    const count = options.shards ?? (env.SLURM_ARRAY_TASK_COUNT ? Number(env.SLURM_ARRAY_TASK_COUNT) : undefined);
    if (count === undefined) throw new MmlabError(`SLURM_ARRAY_TASK_ID=${slurm} is set but not SLURM_ARRAY_TASK_COUNT: pass --shards N`);
    const index = Number(slurm) - Number(env.SLURM_ARRAY_TASK_MIN || 0);
    return checkShard(index, count, `SLURM_ARRAY_TASK_ID=${slurm} (min ${env.SLURM_ARRAY_TASK_MIN || 0}), ${count} shards`);
  }
  if (options.shards !== undefined) throw new MmlabError(`--shards ${options.shards} needs a shard index: --shard i/n, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID`);
  return null;
}

/** True when the point belongs to the shard (every point when there is no shard). */
export function inShard(pointIndex: number, shard: Shard | null): boolean {
  return shard === null || pointIndex % shard.count === shard.index;
}

/** "shard-2-of-8": the name of a shard's result tables. */
export function shardName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}`;
}

function checkShard(index: number, count: number, what: string): Shard {
  if (!Number.isInteger(count) || count < 1) throw new MmlabError(`${what}: the shard count must be a positive integer`);
  if (!Number.isInteger(index) || index < 0 || index >= count) throw new MmlabError(`${what}: the shard index must be an integer in 0..${count - 1}`);
  return { index, count };
}
