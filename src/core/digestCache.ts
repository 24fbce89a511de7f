import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { trackTempPath, untrackTempPath } from "./tempFiles.ts";

/**
 * SHA-256 digests of data files kept by the files' stat data, as git's index keeps stat data to
 * avoid re-reading unchanged files: a run names its data file by the SHA-256 of its bytes (the
 * manifest's data hash); a file whose device, inode, size, modification time and change time
 * (ns) are those recorded with a digest is not hashed again. The digest is the same string, so
 * manifests do not change.
 *
 * The change time (ctime) is what makes this safe: the kernel sets it to the current time on
 * every write, and no program can set it back. A digest is recorded only for a file whose stat
 * data stayed the same while it was hashed and whose ctime is older than a clock reading taken
 * (from the file system, by a probe file) before hashing began: any later write then gives a
 * later ctime, even within one tick of the file system's clock ("racily clean" entries, in git's
 * terms, are not recorded). This assumes the data file's file system stamps times from the local
 * clock (local disks do; a network file system's server clock might not).
 *
 * The cache lives in $MMLAB_CACHE_DIR, else $XDG_CACHE_HOME/mmlab, else ~/.cache/mmlab, as
 * file-digests.json (the most recent entries only). MMLAB_CACHE_DIR=off turns it off. A cache
 * that cannot be read or written is ignored: the file is then simply hashed.
 */

/** What identifies a file's content for the cache: its stat data. */
export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

interface Entry {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  sha256: string;
}

const FILE_NAME = "file-digests.json";
const MAX_ENTRIES = 64;

/** The stamp of a file's stat data (from `stat(…, { bigint: true })`). */
export function fileStamp(stats: fs.BigIntStats): FileStamp {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs };
}

/** True when two stamps are of the same file with the same stat data. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/** The cache directory from the environment, or undefined when the cache is off. */
export function digestCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.MMLAB_CACHE_DIR;
  if (dir === "off") return undefined;
  if (dir !== undefined && dir !== "") return dir;
  const base = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== "" ? env.XDG_CACHE_HOME : path.join(os.homedir(), ".cache");
  return path.join(base, "mmlab");
}

/** The digest cache in one directory. */
export class DigestCache {
  constructor(readonly dir: string) {}

  /** The recorded SHA-256 (hex) of a file with exactly this stamp, if any. */
  async lookup(stamp: FileStamp): Promise<string | undefined> {
    const entries = await this.read();
    const key = entryKey(stamp);
    return entries.find((e) => entryKey(e) === key)?.sha256;
  }

  /**
   * The file system's clock now (ns), from a probe file written in the cache directory; undefined
   * when the directory is not writable (then nothing can be recorded either).
   */
  async clockNs(): Promise<bigint | undefined> {
    const probe = path.join(this.dir, `.probe-${process.pid}`);
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      await fs.promises.writeFile(probe, "");
      const { mtimeNs } = await fs.promises.stat(probe, { bigint: true });
      await fs.promises.rm(probe, { force: true });
      return mtimeNs;
    } catch {
      return undefined;
    }
  }

  /**
   * Records a file's digest, if its stamp was taken after `clockNs` (a `clockNs()` reading from
   * before the file was stamped and hashed) and its ctime is older than that reading.
   */
  async record(stamp: FileStamp, sha256: string, clockNs: bigint): Promise<void> {
    if (!(stamp.ctimeNs < clockNs && stamp.mtimeNs < clockNs)) return; // racily clean: not recorded
    const key = entryKey(stamp);
    const entries = (await this.read()).filter((e) => entryKey(e) !== key);
    entries.unshift({ ...entryFields(stamp), sha256 });
    const file = path.join(this.dir, FILE_NAME);
    const tmp = `${file}.${process.pid}.tmp`;
    trackTempPath(tmp); // an interrupt removes it
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      await fs.promises.writeFile(tmp, JSON.stringify({ version: 1, entries: entries.slice(0, MAX_ENTRIES) }, null, 1));
      await fs.promises.rename(tmp, file); // atomic: readers see the old or the new cache
    } catch {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    } finally {
      untrackTempPath(tmp);
    }
  }

  private async read(): Promise<Entry[]> {
    try {
      const json = JSON.parse(await fs.promises.readFile(path.join(this.dir, FILE_NAME), "utf8")) as { version?: number; entries?: Entry[] };
      if (json.version !== 1 || !Array.isArray(json.entries)) return [];
      return json.entries.filter((e) => typeof e?.sha256 === "string" && /^[0-9a-f]{64}$/.test(e.sha256));
    } catch {
      return [];
    }
  }
}

function entryFields(s: FileStamp): Omit<Entry, "sha256"> {
  return { dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) };
}

function entryKey(s: FileStamp | Entry): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}
