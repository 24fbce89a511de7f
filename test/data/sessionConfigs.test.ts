import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.ts";
import { openEventReader } from "../../src/data/arrow/reader.ts";
import { openEventWriter } from "../../src/data/arrow/writer.ts";
import { allocEventColumns, type DatasetMeta } from "../../src/data/schema.ts";
import { fileData } from "../../src/data/sources/fileData.ts";
import { replaySessionMetadata, SESSION_METADATA_KEY, sessionConfigsPath, writeSessionConfigs, type SessionMetadata } from "../../src/data/session.ts";
import { SessionKind } from "../../src/data/sessionKinds.ts";
import { fillDiskAfter, restoreDisk } from "../support/writeFaults.ts";

const META: DatasetMeta = { symbol: "BTCUSDT", venue: "binance-spot", tickSize: 0.01, lotSize: 0.00001, source: "paper", schemaVersion: "1" };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mmlab-session-configs-"));
let count = 0;

afterEach(() => restoreDisk());

/** Session metadata with configs of gamma = each of `gammas`. */
function metadata(...gammas: number[]): SessionMetadata {
  return { version: 1, feed: "test", configs: gammas.map((gamma) => parseConfig({ gamma })) };
}

/** A session file (heartbeats) written in place with the first config, left open (as by a killed session). */
function openSession(): { file: string; close: () => Promise<void>; abandon: () => Promise<void> } {
  const folder = path.join(dir, `s-${count++}`);
  fs.mkdirSync(folder);
  const file = path.join(folder, "session.arrow");
  const writer = openEventWriter(file, META, new Map([[SESSION_METADATA_KEY, JSON.stringify(metadata(0.1))]]), { inPlace: true });
  const c = allocEventColumns(10);
  for (let i = 0; i < 10; i++) {
    c.exchTs[i] = c.localTs[i] = 1_700_000_000_000_000_000n + BigInt(i) * 25_000_000n;
    c.kind[i] = SessionKind.HEARTBEAT;
  }
  c.length = 10;
  writer.write(c);
  return {
    file,
    close: async () => {
      writer.setMetadata(SESSION_METADATA_KEY, JSON.stringify(metadata(0.1, 0.2)));
      await writer.close();
    },
    abandon: () => writer.abandon(),
  };
}

describe("a session's hot-reloaded configs beside its file (session.configs.json)", () => {
  it("an unfinished session file replays with the configs of its sidecar", async () => {
    const s = openSession();
    writeSessionConfigs(s.file, metadata(0.1, 0.2));
    expect(sessionConfigsPath(s.file)).toBe(path.join(path.dirname(s.file), "session.configs.json"));
    await s.abandon();
    const reader = await openEventReader(s.file);
    const merged = replaySessionMetadata(s.file, reader.metadata, reader.unfinished);
    await reader.close();
    expect(merged?.configs.map((c) => (c as { gamma: number }).gamma)).toEqual([0.1, 0.2]);
    const replay = await (await fileData(s.file)).session!();
    expect(replay.configs.map((c) => c.gamma)).toEqual([0.1, 0.2]);
  });

  it("without a sidecar (no reload), the configs of the file's own metadata", async () => {
    const s = openSession();
    await s.abandon();
    const replay = await (await fileData(s.file)).session!();
    expect(replay.configs.map((c) => c.gamma)).toEqual([0.1]);
  });

  it("a finished file's footer wins over a sidecar left beside it", async () => {
    const s = openSession();
    writeSessionConfigs(s.file, metadata(0.1, 0.3, 0.4));
    await s.close();
    const replay = await (await fileData(s.file)).session!();
    expect(replay.configs.map((c) => c.gamma)).toEqual([0.1, 0.2]);
  });

  it("is replaced atomically: a full disk leaves the previous sidecar whole and no temp file", async () => {
    const s = openSession();
    writeSessionConfigs(s.file, metadata(0.1, 0.2));
    fillDiskAfter(/session\.configs\.json\.tmp-\d+$/, 10);
    expect(() => writeSessionConfigs(s.file, metadata(0.1, 0.2, 0.3))).toThrow(/ENOSPC/);
    restoreDisk();
    expect(fs.readdirSync(path.dirname(s.file)).sort()).toEqual(["session.arrow", "session.configs.json"]);
    const kept = JSON.parse(fs.readFileSync(sessionConfigsPath(s.file), "utf8")) as SessionMetadata;
    expect(kept.configs).toHaveLength(2);
    await s.abandon();
  });
});
