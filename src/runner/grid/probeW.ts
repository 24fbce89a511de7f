import { parentPort } from "node:worker_threads";
import { rootRng } from "/work/main/src/core/rng.ts";
parentPort!.postMessage({ x: rootRng(1).next() });
